from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'term.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'term.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_content(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_page = resolve('page')
    l_0_ngettext = resolve('ngettext')
    l_0_term = resolve('term')
    l_0__ = resolve('_')
    try:
        t_1 = environment.filters['number']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'number' found.")
    pass
    yield '<h1>'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'title'))
    yield '</h1>\n<p class="lede">'
    yield escape(context.call((undefined(name='ngettext') if l_0_ngettext is missing else l_0_ngettext), '%(num)s post', '%(num)s posts', environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'count'), num=t_1(context, environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'count')), _block_vars=_block_vars))
    yield ' · <a href="'
    yield escape(environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'feed_url'))
    yield '">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Feed', _block_vars=_block_vars))
    yield '</a></p>\n'
    template = environment.get_template('_post_list.html', 'term.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()

blocks = {'content': block_content}
debug_info = '1=12&2=17&3=36&4=38&5=44'
# Written by `python -m chanblog.theme_compile` from templates/term.html: do not edit.

from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'authors.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'authors.html')
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
    l_0_authors = resolve('authors')
    try:
        t_1 = environment.filters['number']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'number' found.")
    try:
        t_2 = environment.filters['paragraphs']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'paragraphs' found.")
    pass
    yield '<h1>'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'title'))
    yield '</h1>\n'
    for l_1_entry in (undefined(name='authors') if l_0_authors is missing else l_0_authors):
        l_1_ngettext = resolve('ngettext')
        _loop_vars = {}
        pass
        yield '<section class="author-box">\n  <h2><a href="'
        yield escape(environment.getattr(environment.getattr(l_1_entry, 'author'), 'url'))
        yield '">'
        yield escape(environment.getattr(environment.getattr(l_1_entry, 'author'), 'name'))
        yield '</a> <span class="count">('
        yield escape(context.call((undefined(name='ngettext') if l_1_ngettext is missing else l_1_ngettext), '%(num)s post', '%(num)s posts', environment.getattr(l_1_entry, 'count'), num=t_1(context, environment.getattr(l_1_entry, 'count')), _loop_vars=_loop_vars))
        yield ')</span></h2>\n  '
        yield escape(t_2(environment.getattr(environment.getattr(l_1_entry, 'author'), 'bio')))
        yield '\n</section>\n'
    l_1_entry = l_1_ngettext = missing

blocks = {'content': block_content}
debug_info = '1=12&2=17&3=40&4=42&6=47&7=53'
# Written by `python -m chanblog.theme_compile` from templates/authors.html: do not edit.

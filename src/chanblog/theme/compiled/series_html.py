from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'series.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'series.html')
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
    l_0_term = resolve('term')
    try:
        t_1 = environment.filters['date']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'date' found.")
    try:
        t_2 = environment.filters['isodate']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'isodate' found.")
    pass
    yield '<h1>'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'title'))
    yield '</h1>\n<ol class="series-list">\n'
    for l_1_post in environment.getattr((undefined(name='term') if l_0_term is missing else l_0_term), 'posts'):
        _loop_vars = {}
        pass
        yield '  <li><a href="'
        yield escape(environment.getattr(l_1_post, 'url'))
        yield '">'
        yield escape(environment.getattr(l_1_post, 'title'))
        yield '</a> <time datetime="'
        yield escape(t_2(environment.getattr(l_1_post, 'date')))
        yield '">'
        yield escape(t_1(context, environment.getattr(l_1_post, 'date')))
        yield '</time></li>\n'
    l_1_post = missing
    yield '</ol>\n'

blocks = {'content': block_content}
debug_info = '1=12&2=17&3=40&5=42&6=46'
# Written by `python -m chanblog.theme_compile` from templates/series.html: do not edit.

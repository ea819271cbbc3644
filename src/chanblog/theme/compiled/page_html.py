from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'page.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'page.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_description(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_content = resolve('content')
    pass
    yield escape(environment.getattr((undefined(name='content') if l_0_content is missing else l_0_content), 'summary'))

def block_head(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_content = resolve('content')
    try:
        t_1 = environment.filters['absolute']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'absolute' found.")
    pass
    if environment.getattr((undefined(name='content') if l_0_content is missing else l_0_content), 'image'):
        pass
        yield '<meta property="og:image" content="'
        yield escape(t_1(environment.getattr((undefined(name='content') if l_0_content is missing else l_0_content), 'image')))
        yield '">\n<meta name="twitter:image" content="'
        yield escape(t_1(environment.getattr((undefined(name='content') if l_0_content is missing else l_0_content), 'image')))
        yield '">\n'

def block_content(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_content = resolve('content')
    l_0__ = resolve('_')
    try:
        t_2 = environment.filters['safe']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'safe' found.")
    pass
    yield '<article class="page" data-pagefind-body'
    if environment.getattr((undefined(name='content') if l_0_content is missing else l_0_content), 'lang'):
        pass
        yield ' lang="'
        yield escape(environment.getattr((undefined(name='content') if l_0_content is missing else l_0_content), 'lang'))
        yield '"'
    yield '>\n  <h1 data-pagefind-meta="title">'
    yield escape(environment.getattr((undefined(name='content') if l_0_content is missing else l_0_content), 'title'))
    if environment.getattr((undefined(name='content') if l_0_content is missing else l_0_content), 'draft'):
        pass
        yield ' <span class="badge">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'draft', _block_vars=_block_vars))
        yield '</span>'
    yield '</h1>\n  <div class="body">\n'
    yield escape(t_2(environment.getattr((undefined(name='content') if l_0_content is missing else l_0_content), 'html')))
    yield '\n  </div>\n</article>\n'

blocks = {'description': block_description, 'head': block_head, 'content': block_content}
debug_info = '1=12&2=17&3=28&4=43&5=46&6=48&9=51&10=68&11=74&13=81'
# Written by `python -m chanblog.theme_compile` from templates/page.html: do not edit.

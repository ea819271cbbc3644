from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'archive.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'archive.html')
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
    l_0_archive = resolve('archive')
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
    try:
        t_3 = environment.filters['monthyear']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'monthyear' found.")
    try:
        t_4 = environment.filters['number']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'number' found.")
    pass
    yield '<h1>'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'title'))
    yield '</h1>\n'
    for l_1_month in (environment.getattr((undefined(name='archive') if l_0_archive is missing else l_0_archive), 'months') or [(undefined(name='archive') if l_0_archive is missing else l_0_archive)]):
        _loop_vars = {}
        pass
        if environment.getattr((undefined(name='archive') if l_0_archive is missing else l_0_archive), 'months'):
            pass
            yield '<h2><a href="'
            yield escape(environment.getattr(l_1_month, 'url'))
            yield '">'
            yield escape(t_3(context, l_1_month))
            yield '</a> <span class="count">('
            yield escape(t_4(context, environment.getattr(l_1_month, 'count')))
            yield ')</span></h2>'
        yield '<ul class="archive-list">\n'
        for l_2_post in environment.getattr(l_1_month, 'posts'):
            _loop_vars = {}
            pass
            yield '  <li><a href="'
            yield escape(environment.getattr(l_2_post, 'url'))
            yield '">'
            yield escape(environment.getattr(l_2_post, 'title'))
            yield '</a> <time datetime="'
            yield escape(t_2(environment.getattr(l_2_post, 'date')))
            yield '">'
            yield escape(t_1(context, environment.getattr(l_2_post, 'date')))
            yield '</time></li>\n'
        l_2_post = missing
        yield '</ul>\n'
    l_1_month = missing

blocks = {'content': block_content}
debug_info = '1=12&2=17&3=52&4=54&5=57&7=67&8=71'
# Written by `python -m chanblog.theme_compile` from templates/archive.html: do not edit.

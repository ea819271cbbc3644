from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'terms.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'terms.html')
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
    l_0_terms = resolve('terms')
    l_0_section = resolve('section')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_2 = environment.filters['number']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'number' found.")
    pass
    yield '<h1>'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'title'))
    yield '</h1>\n<ul class="term-list'
    if (t_1((undefined(name='terms') if l_0_terms is missing else l_0_terms)) > 12):
        pass
        yield ' columns'
    yield '" data-section="'
    yield escape((undefined(name='section') if l_0_section is missing else l_0_section))
    yield '">\n'
    t_3 = 1
    for l_1_term in (undefined(name='terms') if l_0_terms is missing else l_0_terms):
        _loop_vars = {}
        pass
        yield '  <li><a href="'
        yield escape(environment.getattr(l_1_term, 'url'))
        yield '">'
        yield escape(environment.getattr(l_1_term, 'name'))
        yield '</a> <span class="count">('
        yield escape(t_2(context, environment.getattr(l_1_term, 'count')))
        yield ')</span></li>\n'
        t_3 = 0
    l_1_term = missing
    if t_3:
        l_1__ = resolve('_')
        pass
        yield '  <li>'
        yield escape(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'None yet.'))
        yield '</li>\n'
        l_1__ = missing
    yield '</ul>\n'

blocks = {'content': block_content}
debug_info = '1=12&2=17&3=41&4=43&5=50&6=54&8=66'
# Written by `python -m chanblog.theme_compile` from templates/terms.html: do not edit.

from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'index.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'index.html')
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
    l_0_paginator = resolve('paginator')
    l_0_page = resolve('page')
    l_0_config = resolve('config')
    pass
    yield '<h1'
    if (environment.getattr((undefined(name='paginator') if l_0_paginator is missing else l_0_paginator), 'number') == 1):
        pass
        yield ' class="visually-hidden"'
    yield '>'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'title'))
    yield '</h1>\n'
    if (environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'description') and (environment.getattr((undefined(name='paginator') if l_0_paginator is missing else l_0_paginator), 'number') == 1)):
        pass
        yield '<p class="lede">'
        yield escape(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'description'))
        yield '</p>'
    template = environment.get_template('_translations.html', 'index.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    template = environment.get_template('_post_list.html', 'index.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()

blocks = {'content': block_content}
debug_info = '1=12&2=17&4=29&5=35&6=40&7=46'
# Written by `python -m chanblog.theme_compile` from templates/index.html: do not edit.

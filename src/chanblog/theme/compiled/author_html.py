from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'author.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'author.html')
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
    l_0_entry = resolve('entry')
    l_0_page = resolve('page')
    pass
    yield escape((environment.getattr(environment.getattr((undefined(name='entry') if l_0_entry is missing else l_0_entry), 'author'), 'bio') or environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'title')))

def block_content(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_page = resolve('page')
    l_0_paginator = resolve('paginator')
    l_0__ = resolve('_')
    l_0_entry = resolve('entry')
    try:
        t_1 = environment.filters['paragraphs']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'paragraphs' found.")
    pass
    yield '<h1>'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'title'))
    yield '</h1>\n'
    if (environment.getattr((undefined(name='paginator') if l_0_paginator is missing else l_0_paginator), 'number') == 1):
        pass
        yield '<section class="author-box" aria-label="'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'About %(name)s', name=environment.getattr(environment.getattr((undefined(name='entry') if l_0_entry is missing else l_0_entry), 'author'), 'name'), _block_vars=_block_vars))
        yield '">\n'
        if environment.getattr(environment.getattr((undefined(name='entry') if l_0_entry is missing else l_0_entry), 'author'), 'avatar'):
            pass
            yield '<img class="avatar" src="'
            yield escape(environment.getattr(environment.getattr((undefined(name='entry') if l_0_entry is missing else l_0_entry), 'author'), 'avatar'))
            yield '" alt="" width="56" height="56">'
        yield '  '
        yield escape(t_1(environment.getattr(environment.getattr((undefined(name='entry') if l_0_entry is missing else l_0_entry), 'author'), 'bio')))
        yield '\n  <p>'
        if environment.getattr(environment.getattr((undefined(name='entry') if l_0_entry is missing else l_0_entry), 'author'), 'website'):
            pass
            yield '<a href="'
            yield escape(environment.getattr(environment.getattr((undefined(name='entry') if l_0_entry is missing else l_0_entry), 'author'), 'website'))
            yield '">'
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Website', _block_vars=_block_vars))
            yield '</a> · '
        yield '<a href="'
        yield escape(environment.getattr((undefined(name='entry') if l_0_entry is missing else l_0_entry), 'feed_url'))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Feed', _block_vars=_block_vars))
        yield '</a></p>\n</section>\n'
    template = environment.get_template('_post_list.html', 'author.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()

blocks = {'description': block_description, 'content': block_content}
debug_info = '1=12&2=17&3=29&4=48&5=50&6=53&7=55&8=61&9=63&12=75'
# Written by `python -m chanblog.theme_compile` from templates/author.html: do not edit.

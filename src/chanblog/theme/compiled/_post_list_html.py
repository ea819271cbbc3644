from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_post_list.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_paginator = resolve('paginator')
    l_0__ = resolve('_')
    try:
        t_1 = environment.filters['number']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'number' found.")
    try:
        t_2 = environment.filters['safe']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'safe' found.")
    try:
        t_3 = environment.tests['rtl']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No test named 'rtl' found.")
    pass
    t_4 = 1
    for l_1_post in environment.getattr((undefined(name='paginator') if l_0_paginator is missing else l_0_paginator), 'posts'):
        _loop_vars = {}
        pass
        yield '<article class="summary">\n  <h2><a href="'
        yield escape(environment.getattr(l_1_post, 'url'))
        yield '"'
        if environment.getattr(l_1_post, 'lang'):
            pass
            yield ' lang="'
            yield escape(environment.getattr(l_1_post, 'lang'))
            yield '"'
            if t_3(environment.getattr(l_1_post, 'lang')):
                pass
                yield ' dir="rtl"'
        yield '>'
        yield escape(environment.getattr(l_1_post, 'title'))
        yield '</a>'
        if environment.getattr(l_1_post, 'draft'):
            pass
            yield ' <span class="badge">'
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'draft', _loop_vars=_loop_vars))
            yield '</span>'
        if environment.getattr(l_1_post, 'scheduled'):
            pass
            yield ' <span class="badge">'
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'scheduled', _loop_vars=_loop_vars))
            yield '</span>'
        yield '</h2>\n'
        template = environment.get_template('_byline.html', '_post_list.html')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {'post': l_1_post}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
        yield '  <div class="excerpt"'
        if environment.getattr(l_1_post, 'lang'):
            pass
            yield ' lang="'
            yield escape(environment.getattr(l_1_post, 'lang'))
            yield '"'
            if t_3(environment.getattr(l_1_post, 'lang')):
                pass
                yield ' dir="rtl"'
        yield '>'
        yield escape(t_2(environment.getattr(l_1_post, 'excerpt')))
        yield '</div>\n  <p class="more"><a href="'
        yield escape(environment.getattr(l_1_post, 'url'))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Read full post', _loop_vars=_loop_vars))
        yield '<span class="visually-hidden">: '
        yield escape(environment.getattr(l_1_post, 'title'))
        yield '</span> »</a></p>\n</article>\n'
        t_4 = 0
    l_1_post = missing
    if t_4:
        pass
        yield '<p>'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'No posts yet.'))
        yield '</p>\n'
    if (environment.getattr((undefined(name='paginator') if l_0_paginator is missing else l_0_paginator), 'count') > 1):
        pass
        yield '<nav class="pagination" aria-label="'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Pages'))
        yield '">\n'
        if environment.getattr((undefined(name='paginator') if l_0_paginator is missing else l_0_paginator), 'prev_url'):
            pass
            yield '<a class="newer" rel="prev" href="'
            yield escape(environment.getattr((undefined(name='paginator') if l_0_paginator is missing else l_0_paginator), 'prev_url'))
            yield '">« '
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Newer posts'))
            yield '</a>'
        yield '  <span class="page-number">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Page %(number)s of %(count)s', number=t_1(context, environment.getattr((undefined(name='paginator') if l_0_paginator is missing else l_0_paginator), 'number')), count=t_1(context, environment.getattr((undefined(name='paginator') if l_0_paginator is missing else l_0_paginator), 'count'))))
        yield '</span>\n'
        if environment.getattr((undefined(name='paginator') if l_0_paginator is missing else l_0_paginator), 'next_url'):
            pass
            yield '<a class="older" rel="next" href="'
            yield escape(environment.getattr((undefined(name='paginator') if l_0_paginator is missing else l_0_paginator), 'next_url'))
            yield '">'
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Older posts'))
            yield ' »</a>'
        yield '</nav>\n'

blocks = {}
debug_info = '1=32&3=36&4=60&5=67&6=78&9=89&11=91&12=94&13=96&14=104&15=106'
# Written by `python -m chanblog.theme_compile` from templates/_post_list.html: do not edit.

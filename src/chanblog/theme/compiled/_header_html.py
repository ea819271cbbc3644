from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_header.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_site_url = resolve('site_url')
    l_0_config = resolve('config')
    l_0__ = resolve('_')
    l_0_site = resolve('site')
    pass
    yield '<header class="site-header">\n  <div class="wrap">\n    <a class="site-name" href="'
    yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url)))
    yield '">'
    yield escape(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'title'))
    yield '</a>\n    <nav aria-label="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Main'))
    yield '">\n      <ul>\n        <li><a href="'
    yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url)))
    yield '">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Home'))
    yield '</a></li>\n'
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'menu'):
        pass
        for l_1_item in environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'menu'):
            l_1_current_url = resolve('current_url')
            _loop_vars = {}
            pass
            yield '        <li><a href="'
            yield escape(environment.getattr(l_1_item, 'url'))
            yield '"'
            if (environment.getattr(l_1_item, 'url') == (undefined(name='current_url') if l_1_current_url is missing else l_1_current_url)):
                pass
                yield ' aria-current="page"'
            yield '>'
            yield escape(environment.getattr(l_1_item, 'title'))
            yield '</a></li>\n'
        l_1_item = l_1_current_url = missing
    else:
        pass
        yield '        <li><a href="'
        yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'labels/'))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Labels'))
        yield '</a></li>\n        <li><a href="'
        yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'tags/'))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tags'))
        yield '</a></li>\n        <li><a href="'
        yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'archives/'))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Archives'))
        yield '</a></li>\n        <li><a href="'
        yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'authors/'))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Authors'))
        yield '</a></li>\n        <li><a href="'
        yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'subscribe/'))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Subscribe'))
        yield '</a></li>\n'
    yield '      </ul>\n    </nav>\n'
    if environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'search'):
        pass
        yield '    <form class="search-box" role="search" aria-label="'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Search the posts'))
        yield '" action="'
        yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'search/'))
        yield '" method="get">\n      <label class="visually-hidden" for="site-search">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Search the posts'))
        yield '</label>\n      <input type="search" id="site-search" name="q" placeholder="'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Search posts'))
        yield '" autocomplete="off">\n      <button type="submit">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Search'))
        yield '</button>\n    </form>\n'
    yield '    <button type="button" class="theme-toggle" aria-pressed="false"><svg viewBox="0 0 16 16" aria-hidden="true"><path d="M6 .3a8 8 0 1 0 9.7 9.7A6.5 6.5 0 0 1 6 .3Z"/></svg><span class="visually-hidden">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Dark theme'))
    yield '</span></button>\n  </div>\n</header>\n'

blocks = {}
debug_info = '3=16&4=20&6=22&7=26&8=28&9=33&12=45&13=49&14=53&15=57&16=61&20=66&21=69&22=73&23=75&24=77&27=80'
# Written by `python -m chanblog.theme_compile` from templates/_header.html: do not edit.

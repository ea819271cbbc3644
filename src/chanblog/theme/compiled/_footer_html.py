from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_footer.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_config = resolve('config')
    l_0_site_url = resolve('site_url')
    l_0__ = resolve('_')
    l_0_site = resolve('site')
    pass
    yield '<footer class="site-footer">\n  <div class="wrap">\n    <p>'
    yield escape(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'title'))
    if environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'description'):
        pass
        yield ' · '
        yield escape(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'description'))
    yield '</p>\n    <p><a href="'
    yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'feed.xml'))
    yield '">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Atom feed'))
    yield '</a> · <a href="'
    yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'comments.xml'))
    yield '">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Comments feed'))
    yield '</a> · '
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'series'):
        pass
        yield '<a href="'
        yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'series/'))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Series'))
        yield '</a> · '
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Published with chanblog'))
    yield '</p>\n  </div>\n</footer>\n'

blocks = {}
debug_info = '3=16&4=22'
# Written by `python -m chanblog.theme_compile` from templates/_footer.html: do not edit.

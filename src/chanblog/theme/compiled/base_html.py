from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'base.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_self = TemplateReference(context)
    l_0_lang = resolve('lang')
    l_0_page = resolve('page')
    l_0_config = resolve('config')
    l_0_site_url = resolve('site_url')
    l_0_translations = resolve('translations')
    l_0__ = resolve('_')
    l_0_header = resolve('header')
    l_0_sidebar = resolve('sidebar')
    l_0_footer = resolve('footer')
    try:
        t_1 = environment.filters['absolute']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'absolute' found.")
    try:
        t_2 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    try:
        t_3 = environment.tests['rtl']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No test named 'rtl' found.")
    pass
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape((undefined(name='lang') if l_0_lang is missing else l_0_lang))
    yield '"'
    if t_3((undefined(name='lang') if l_0_lang is missing else l_0_lang)):
        pass
        yield ' dir="rtl"'
    yield '>\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>'
    yield from context.blocks['title'][0](context)
    yield '</title>\n<meta name="description" content="'
    yield from context.blocks['description'][0](context)
    yield '">\n<link rel="canonical" href="'
    yield escape(t_1(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'url')))
    yield '">\n<meta property="og:site_name" content="'
    yield escape(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'title'))
    yield '">\n<meta property="og:title" content="'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'title'))
    yield '">\n<meta property="og:description" content="'
    yield escape(context.call(environment.getattr(l_0_self, 'description')))
    yield '">\n<meta property="og:url" content="'
    yield escape(t_1(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'url')))
    yield '">\n<meta property="og:type" content="'
    yield from context.blocks['og_type'][0](context)
    yield '">\n<meta name="twitter:card" content="'
    yield from context.blocks['twitter_card'][0](context)
    yield '">\n<meta name="twitter:title" content="'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'title'))
    yield '">\n<meta name="twitter:description" content="'
    yield escape(context.call(environment.getattr(l_0_self, 'description')))
    yield '">\n'
    for (l_1_feed_title, l_1_feed_url) in environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'feeds'):
        _loop_vars = {}
        pass
        yield '<link rel="alternate" type="application/atom+xml" title="'
        yield escape(l_1_feed_title)
        yield '" href="'
        yield escape(l_1_feed_url)
        yield '">\n'
    l_1_feed_title = l_1_feed_url = missing
    if environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'json_feed'):
        pass
        yield '<link rel="alternate" type="application/feed+json" title="'
        yield escape(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'title'))
        yield '" href="'
        yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'feed.json'))
        yield '">\n'
    yield '<link rel="icon" href="'
    yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'theme/favicon.svg'))
    yield '" type="image/svg+xml">\n<script>try{document.documentElement.dataset.theme=localStorage.getItem("theme")||"system"}catch(e){document.documentElement.dataset.theme="system"}</script>\n<link rel="stylesheet" href="'
    yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'theme/style.css'))
    yield '">\n<script src="'
    yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'theme/theme.js'))
    yield '" defer></script>\n'
    if environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'highlighted_code'):
        pass
        yield '<link rel="stylesheet" href="'
        yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'theme/pygments.css'))
        yield '">\n'
    if t_2((undefined(name='translations') if l_0_translations is missing else l_0_translations)):
        pass
        for l_1_version in environment.getattr((undefined(name='translations') if l_0_translations is missing else l_0_translations), 'versions'):
            _loop_vars = {}
            pass
            yield '<link rel="alternate" hreflang="'
            yield escape(environment.getattr(l_1_version, 'lang'))
            yield '" href="'
            yield escape(t_1(environment.getattr(l_1_version, 'url')))
            yield '">\n'
        l_1_version = missing
        yield '<link rel="alternate" hreflang="x-default" href="'
        yield escape(t_1(environment.getattr((undefined(name='translations') if l_0_translations is missing else l_0_translations), 'x_default')))
        yield '">\n'
    yield from context.blocks['head'][0](context)
    yield '</head>\n<body>\n<a class="skip-link" href="#content">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Skip to content'))
    yield '</a>\n'
    yield escape(context.call((undefined(name='header') if l_0_header is missing else l_0_header)))
    yield '<div class="wrap layout">\n<main id="content">\n'
    yield from context.blocks['content'][0](context)
    yield '</main>\n<aside class="sidebar" aria-label="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'More from %(site)s', site=environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'title')))
    yield '">\n  '
    yield escape(context.call((undefined(name='sidebar') if l_0_sidebar is missing else l_0_sidebar)))
    yield '\n</aside>\n</div>\n'
    yield escape(context.call((undefined(name='footer') if l_0_footer is missing else l_0_footer)))
    yield '</body>\n</html>\n'

def block_title(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_page = resolve('page')
    l_0_config = resolve('config')
    pass
    if (environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'title') != environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'title')):
        pass
        yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'title'))
        yield ' · '
    yield escape(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'title'))

def block_description(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_config = resolve('config')
    pass
    yield escape((environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'description') or environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'title')))

def block_og_type(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    yield 'website'

def block_twitter_card(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    yield 'summary'

def block_head(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

def block_content(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

blocks = {'title': block_title, 'description': block_description, 'og_type': block_og_type, 'twitter_card': block_twitter_card, 'head': block_head, 'content': block_content}
debug_info = '2=40&6=46&7=48&8=50&9=52&10=54&11=56&12=58&13=60&14=62&15=64&16=66&17=68&18=72&20=77&21=80&23=85&26=87&27=89&28=91&29=94&31=96&32=98&33=102&35=108&37=110&40=112&41=114&44=116&46=118&47=120&50=122&6=125&7=141&13=152&14=162&37=172&44=181'
# Written by `python -m chanblog.theme_compile` from templates/base.html: do not edit.

from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'redirect.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_lang = resolve('lang')
    l_0_post = resolve('post')
    l_0_gettext = resolve('gettext')
    try:
        t_1 = environment.filters['absolute']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'absolute' found.")
    try:
        t_2 = environment.tests['rtl']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'rtl' found.")
    pass
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape((undefined(name='lang') if l_0_lang is missing else l_0_lang))
    yield '"'
    if t_2((undefined(name='lang') if l_0_lang is missing else l_0_lang)):
        pass
        yield ' dir="rtl"'
    yield '>\n<head>\n<meta charset="utf-8">\n<title>'
    yield escape(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'title'))
    yield '</title>\n<link rel="canonical" href="'
    yield escape(t_1(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'url')))
    yield '">\n<meta http-equiv="refresh" content="0; url='
    yield escape(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'url'))
    yield '">\n<meta name="robots" content="noindex">\n</head>\n<body>\n<p>'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'This post has moved to <a href="%(url)s">%(title)s</a>.', url=environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'url'), title=environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'title')))
    yield '</p>\n</body>\n</html>\n'

blocks = {}
debug_info = '2=27&5=33&6=35&7=37&11=39'
# Written by `python -m chanblog.theme_compile` from templates/redirect.html: do not edit.

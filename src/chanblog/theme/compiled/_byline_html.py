from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_byline.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_post = resolve('post')
    l_0_author = resolve('author')
    l_0__ = resolve('_')
    l_0_ngettext = resolve('ngettext')
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
        t_3 = environment.filters['number']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'number' found.")
    pass
    yield '<p class="byline">\n  <time datetime="'
    yield escape(t_2(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'date')))
    yield '">'
    yield escape(t_1(context, environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'date')))
    yield '</time>\n'
    if environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'author'):
        pass
        t_4 = []
        pass
        t_4.extend((
            '<a href="',
            escape(environment.getattr(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'author'), 'url')),
            '" data-pagefind-filter="author">',
            escape(environment.getattr(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'author'), 'name')),
            '</a>',
        ))
        l_0_author = (Markup if context.eval_ctx.autoescape else identity)(concat(t_4))
        context.vars['author'] = l_0_author
        context.exported_vars.add('author')
        yield ' · '
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'by %(author)s', author=(undefined(name='author') if l_0_author is missing else l_0_author)))
    yield '  · <span class="nowrap">'
    yield escape(context.call((undefined(name='ngettext') if l_0_ngettext is missing else l_0_ngettext), '%(num)s min read', '%(num)s min read', environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'reading_time'), num=t_3(context, environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'reading_time'))))
    yield '</span>\n</p>\n'

blocks = {}
debug_info = '2=34&3=38&4=55'
# Written by `python -m chanblog.theme_compile` from templates/_byline.html: do not edit.

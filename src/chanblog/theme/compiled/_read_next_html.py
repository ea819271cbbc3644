from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_read_next.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_post = resolve('post')
    l_0_series = resolve('series')
    l_0__ = resolve('_')
    l_0_related = resolve('related')
    l_0_part = missing
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
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    l_0_part = environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'series_part')
    context.vars['part'] = l_0_part
    context.exported_vars.add('part')
    if ((undefined(name='series') if l_0_series is missing else l_0_series) and (t_3(environment.getattr((undefined(name='series') if l_0_series is missing else l_0_series), 'posts')) > 1)):
        pass
        yield '<nav class="series-steps" aria-label="'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'In this series'))
        yield '">\n'
        if ((undefined(name='part') if l_0_part is missing else l_0_part) > 1):
            pass
            yield '<p class="series-previous">'
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Previous in this series:'))
            yield ' <a href="'
            yield escape(environment.getattr(environment.getitem(environment.getattr((undefined(name='series') if l_0_series is missing else l_0_series), 'posts'), ((undefined(name='part') if l_0_part is missing else l_0_part) - 2)), 'url'))
            yield '">'
            yield escape(environment.getattr(environment.getitem(environment.getattr((undefined(name='series') if l_0_series is missing else l_0_series), 'posts'), ((undefined(name='part') if l_0_part is missing else l_0_part) - 2)), 'title'))
            yield '</a></p>'
        if ((undefined(name='part') if l_0_part is missing else l_0_part) < t_3(environment.getattr((undefined(name='series') if l_0_series is missing else l_0_series), 'posts'))):
            pass
            yield '<p class="series-next">'
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Next in this series:'))
            yield ' <a href="'
            yield escape(environment.getattr(environment.getitem(environment.getattr((undefined(name='series') if l_0_series is missing else l_0_series), 'posts'), (undefined(name='part') if l_0_part is missing else l_0_part)), 'url'))
            yield '">'
            yield escape(environment.getattr(environment.getitem(environment.getattr((undefined(name='series') if l_0_series is missing else l_0_series), 'posts'), (undefined(name='part') if l_0_part is missing else l_0_part)), 'title'))
            yield '</a></p>'
        yield '</nav>\n'
    if (undefined(name='related') if l_0_related is missing else l_0_related):
        pass
        yield '<nav class="related" aria-labelledby="related:posts">\n  <h2 id="related:posts">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Related posts'))
        yield '</h2>\n  <ul>\n'
        for l_1_other in (undefined(name='related') if l_0_related is missing else l_0_related):
            _loop_vars = {}
            pass
            yield '    <li><a href="'
            yield escape(environment.getattr(l_1_other, 'url'))
            yield '">'
            yield escape(environment.getattr(l_1_other, 'title'))
            yield '</a> <time datetime="'
            yield escape(t_2(environment.getattr(l_1_other, 'date')))
            yield '">'
            yield escape(t_1(context, environment.getattr(l_1_other, 'date')))
            yield '</time></li>\n'
        l_1_other = missing
        yield '  </ul>\n</nav>\n'

blocks = {}
debug_info = '2=34&3=37&4=40&5=42&6=51&9=61&12=64&14=66&15=70'
# Written by `python -m chanblog.theme_compile` from templates/_read_next.html: do not edit.

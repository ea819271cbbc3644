from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_translations.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_translations = resolve('translations')
    l_0__ = resolve('_')
    try:
        t_1 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    pass
    if t_1((undefined(name='translations') if l_0_translations is missing else l_0_translations)):
        pass
        yield '<nav class="translations" aria-label="'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Translations'))
        yield '" data-pagefind-ignore>\n  <p>\n'
        l_1_loop = missing
        for l_1_version, l_1_loop in LoopContext(environment.getattr((undefined(name='translations') if l_0_translations is missing else l_0_translations), 'others'), undefined):
            _loop_vars = {}
            pass
            yield '    <a href="'
            yield escape(environment.getattr(l_1_version, 'url'))
            yield '" lang="'
            yield escape(environment.getattr(l_1_version, 'lang'))
            yield '" hreflang="'
            yield escape(environment.getattr(l_1_version, 'lang'))
            yield '">'
            yield escape(environment.getattr(l_1_version, 'name'))
            yield '</a>'
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield ' ·'
            yield '\n'
        l_1_loop = l_1_version = missing
        yield '  </p>\n</nav>\n'

blocks = {}
debug_info = '1=19&2=22&4=25&5=29'
# Written by `python -m chanblog.theme_compile` from templates/_translations.html: do not edit.

from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_sidebar.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_site = resolve('site')
    l_0_labels = resolve('labels')
    l_0__ = resolve('_')
    l_0_site_url = resolve('site_url')
    l_0_ngettext = resolve('ngettext')
    l_0_tags = resolve('tags')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_2 = environment.filters['most_used']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'most_used' found.")
    try:
        t_3 = environment.filters['number']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'number' found.")
    pass
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'labels'):
        pass
        l_0_labels = t_2(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'labels'), 100)
        context.vars['labels'] = l_0_labels
        context.exported_vars.add('labels')
        yield '<section class="sidebar-labels">\n  <h2>'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Labels'))
        yield '</h2>\n  <ul class="plain">\n'
        for l_1_label in (undefined(name='labels') if l_0_labels is missing else l_0_labels):
            _loop_vars = {}
            pass
            yield '    <li><a href="'
            yield escape(environment.getattr(l_1_label, 'url'))
            yield '">'
            yield escape(environment.getattr(l_1_label, 'name'))
            yield '</a> <span class="count">('
            yield escape(t_3(context, environment.getattr(l_1_label, 'count')))
            yield ')</span></li>\n'
        l_1_label = missing
        if (t_1((undefined(name='labels') if l_0_labels is missing else l_0_labels)) < t_1(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'labels'))):
            pass
            yield '    <li><a href="'
            yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'labels/'))
            yield '">'
            yield escape(context.call((undefined(name='ngettext') if l_0_ngettext is missing else l_0_ngettext), 'All %(num)s label', 'All %(num)s labels', t_1(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'labels')), num=t_3(context, t_1(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'labels')))))
            yield '</a></li>\n'
        yield '  </ul>\n</section>\n'
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'tags'):
        pass
        l_0_tags = t_2(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'tags'), 15, besides=environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'labels'))
        context.vars['tags'] = l_0_tags
        context.exported_vars.add('tags')
        yield '<section class="sidebar-tags">\n  <h2>'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tags'))
        yield '</h2>\n  <ul class="plain">\n'
        for l_1_tag in (undefined(name='tags') if l_0_tags is missing else l_0_tags):
            _loop_vars = {}
            pass
            yield '    <li><a href="'
            yield escape(environment.getattr(l_1_tag, 'url'))
            yield '">'
            yield escape(environment.getattr(l_1_tag, 'name'))
            yield '</a></li>\n'
        l_1_tag = missing
        yield '    <li class="all"><a href="'
        yield escape(context.call((undefined(name='site_url') if l_0_site_url is missing else l_0_site_url), 'tags/'))
        yield '">'
        yield escape(context.call((undefined(name='ngettext') if l_0_ngettext is missing else l_0_ngettext), 'All %(num)s tag', 'All %(num)s tags', t_1(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'tags')), num=t_3(context, t_1(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'tags')))))
        yield '</a></li>\n  </ul>\n</section>\n'

blocks = {}
debug_info = '1=35&2=37&4=41&6=43&7=47&9=54&10=57&15=62&17=64&19=68&21=70&22=74&24=80'
# Written by `python -m chanblog.theme_compile` from templates/_sidebar.html: do not edit.

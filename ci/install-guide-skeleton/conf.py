# Skeleton of openstack-manuals doc/install-guide/source/conf.py: only the settings that shape
# objects.inv. Read at d04984bc6cd710eb90dab70c207b82a5cd0ee725 (the newest conf.py the file index
# lets us read at a named commit). Dropped, because they add nothing to the inventory:
# html_theme 'openstackdocs' / openstackdocstheme (theme and link roles only), the 'sphinxmark'
# watermark extension, html_context/giturl/gitsha, LaTeX/man/Texinfo/PDF options. The real guide
# enables no extension that creates labels (no sphinx.ext.autosectionlabel), so section titles
# without an explicit `.. _label:` are not in its inventory, and they are not in this one.
# Built by ci/build-install-guide-inventory.sh; see inventories/README.md.

project = 'Installation Guide'
version = '0.1'
release = '0.1'
master_doc = 'index'
source_suffix = '.rst'
exclude_patterns = ['_build']
pygments_style = 'sphinx'

html_theme = 'basic'
html_use_index = False
html_show_sourcelink = False
html_copy_source = False

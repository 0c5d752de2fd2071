# Only comments and blank lines: no code at all.

#!not a shebang: not on the first line
   # an indented comment


#
# -*- coding: utf-8 -*-

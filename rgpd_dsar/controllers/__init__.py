from . import register

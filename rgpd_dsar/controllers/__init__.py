from . import main, portal, register

"""IR utilities shared by dialects, passes and the interpreter (types <-> numpy, resources)."""

"""The reading view's parts: span index, highlighter, painted canvas, legend, key controller."""

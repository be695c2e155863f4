"""Letters: case record -> facts -> editable draft text -> PDF bytes.

The GUI and the command line use these names; reportlab is imported only when a PDF is made.
"""

"""Letters: case record -> facts -> editable draft text -> PDF (or DOCX) bytes.

The flow the GUI and the command line follow (reportlab is imported only by `pdf`, python-docx
only by `docx_file`):

    kind = kinds.kind_by_id("police-complaint")          # or kinds.suggest_kind(obligation)
    facts = case_source.facts_for_case(handle, kind, profile.load_profile(letters_dir), today=...)
    draft = draft.draft_letter(facts, templates_dir=letters_dir, annex=True)
    markup.find_gaps(edited_text)                        # warn before making the PDF
    data = pdf.render_draft(draft, edited_text)          # bytes, nothing on disk
    word = docx_file.render_docx_draft(draft, edited_text, author=organisation)  # the same, DOCX
    case_source.save_letter(handle, draft, text=edited_text, pdf=data, document_id=...)
"""

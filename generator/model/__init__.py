"""The document model: the ground floor every stage stands on. Its blocks and inlines, its page
header, and every decision a reader of the document sees (list markers, header columns, table
captions, page furniture) are made here once; writers and readers only follow them."""

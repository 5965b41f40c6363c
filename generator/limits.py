"""The limits on what the sources may hold, in one place: each is far above any real
tjänsteutlåtande and far below what would make a build slow, fail or exhaust memory.

docs/security.md lists them with the reason for each; every one is refused with a message that
names the file, line and limit.
"""

#: A source file (YAML) may be at most this large. The largest real response is about 10 kB; a
#: larger file is refused from its size alone, before it is read.
MAX_SOURCE_BYTES = 2_000_000

#: Mappings and lists inside one another. A response needs about 6 levels.
MAX_NESTING = 32

#: Anchors and aliases may not expand a document to more values than this ("billion laughs").
MAX_VALUES = 50_000

#: Characters of text in one source file once its aliases are expanded: no more than the file
#: itself may hold. A few aliases of a long text stay under the value limit and still make
#: gigabytes (`units: [&u "<200 kB>", *u, *u, …]`), which the templates would then print.
MAX_EXPANDED_CHARACTERS = MAX_SOURCE_BYTES

#: Lists inside lists in Markdown text. Word's list styles have two levels of indentation and
#: a third still reads; deeper nesting does not belong in a tjänsteutlåtande.
MAX_LIST_DEPTH = 4

#: Paragraphs, headings, list items and table rows in one document. A tjänsteutlåtande has about
#: a hundred; 3,000 is a hundred pages, and takes a few seconds to build.
MAX_BLOCKS = 3_000

#: Words and bytes (UTF-8) of the document's text once fragments and their uses inside
#: sentences are put in, counted before the document template and any writer run. A
#: tjänsteutlåtande has a few thousand words; 100,000 is some two hundred pages. A fragment of
#: one paragraph used 2,000 times inside sentences (40 kB of sources) made a 39 MB page and
#: took Typst 65 seconds and 9.8 GB; a document at these limits builds in a few seconds.
MAX_WORDS = 100_000
MAX_DOCUMENT_BYTES = 1_000_000

#: Characters in one word (a run without spaces). The longest Swedish words are about 40; a
#: long web address about 200. PDF strings may not exceed 32,767 characters, and a longer
#: unbreakable word would run off the page.
MAX_WORD_LENGTH = 300

#: Characters in a link's target.
MAX_URL_LENGTH = 2_000

#: Characters in a path written in a source (e.g. `skrivelse:`), and in one name of a path.
MAX_PATH_LENGTH = 1_000
MAX_NAME_LENGTH = 255

#: An approver's name or title.
MAX_APPROVER_TEXT = 200

#: A received skrivelse to import (.pdf, .docx, .txt), refused from its size before it is
#: read, and the pages of a PDF one. A skrivelse is a few pages.
MAX_LETTER_BYTES = 20_000_000
MAX_LETTER_PAGES = 200

#: A Word file read from a path (a letter to import, a file given to `utlatande text`): each XML
#: part unpacked, and all parts unpacked, read from the package's directory before any part is
#: parsed. The largest document utlatande builds has a document.xml of a few megabytes; 0.35 MB
#: of zip holding 40 million empty paragraphs took 3 minutes and 13 GB to open.
MAX_WORD_PART_BYTES = 8_000_000
MAX_WORD_UNPACKED_BYTES = 50_000_000

#: Characters of text taken from a received skrivelse, and of one line of it: a letter of
#: twenty pages has about 60,000; a longer line is cut into lines of this length before any
#: pattern is applied to it.
MAX_LETTER_CHARACTERS = 1_000_000
MAX_LETTER_LINE = 2_000

#: An organisation's logo file. A logo is a few kilobytes as SVG, some tens as PNG; a larger
#: file is refused from its size alone, before it is read.
MAX_LOGO_BYTES = 1_000_000

#: Pixels on each side of a PNG logo: a logo 15 mm high printed at 300 ppi is 177 pixels high,
#: and a picture of many megapixels would take memory and time to decode in every build.
MAX_LOGO_PIXELS = 4_000

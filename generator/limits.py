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

#: Lists inside lists in Markdown text. Word's list styles have two levels of indentation and
#: a third still reads; deeper nesting does not belong in a tjänsteutlåtande.
MAX_LIST_DEPTH = 4

#: Paragraphs, headings, list items and table rows in one document. A tjänsteutlåtande has about
#: a hundred; 3,000 is a hundred pages, and takes a few seconds to build.
MAX_BLOCKS = 3_000

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

#: An organisation's logo file. A logo is a few kilobytes as SVG, some tens as PNG; a larger
#: file is refused from its size alone, before it is read.
MAX_LOGO_BYTES = 1_000_000

#: Pixels on each side of a PNG logo: a logo 15 mm high printed at 300 ppi is 177 pixels high,
#: and a picture of many megapixels would take memory and time to decode in every build.
MAX_LOGO_PIXELS = 4_000

"""Writes templates/reference.docx: the clean Word document whose styles define the look.

Run `make reference` after editing this file. A communicator may instead open
templates/reference.docx in Word and change its styles (keep the style names): the renderer
takes every style, the page set-up and the numbering definitions from that file.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
FONT = "Arial"
LANG = "sv-SE"

OFFICE = "application/vnd.openxmlformats-officedocument"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

#: The content type of each part other than the relationships.
PART_TYPES = (
    ("/word/document.xml", f"{OFFICE}.wordprocessingml.document.main+xml"),
    ("/word/styles.xml", f"{OFFICE}.wordprocessingml.styles+xml"),
    ("/word/settings.xml", f"{OFFICE}.wordprocessingml.settings+xml"),
    ("/word/numbering.xml", f"{OFFICE}.wordprocessingml.numbering+xml"),
    ("/word/fontTable.xml", f"{OFFICE}.wordprocessingml.fontTable+xml"),
    ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
    ("/docProps/app.xml", f"{OFFICE}.extended-properties+xml"),
)

CONTENT_TYPES = DECL + f"""<Types xmlns="{PACKAGE}/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
""" + "".join(f'<Override PartName="{part}" ContentType="{kind}"/>\n' for part, kind in PART_TYPES) + "</Types>"


def _relationships(*targets: tuple[str, str]) -> str:
    """A relationships part: rId1, rId2, … to each (type, target) in order."""
    return DECL + f'<Relationships xmlns="{PACKAGE}/relationships">\n' + "".join(
        f'<Relationship Id="rId{number}" Type="{kind}" Target="{target}"/>\n'
        for number, (kind, target) in enumerate(targets, 1)) + "</Relationships>"


ROOT_RELS = _relationships((f"{RELATIONSHIPS}/officeDocument", "word/document.xml"),
                           (f"{PACKAGE}/relationships/metadata/core-properties", "docProps/core.xml"),
                           (f"{RELATIONSHIPS}/extended-properties", "docProps/app.xml"))

DOCUMENT_RELS = _relationships((f"{RELATIONSHIPS}/styles", "styles.xml"), (f"{RELATIONSHIPS}/settings", "settings.xml"),
                               (f"{RELATIONSHIPS}/numbering", "numbering.xml"), (f"{RELATIONSHIPS}/fontTable", "fontTable.xml"))

CORE = DECL + (
    f'<cp:coreProperties xmlns:cp="{PACKAGE}/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
    "<dc:title>Tjänsteutlåtande</dc:title><dc:language>sv-SE</dc:language><cp:revision>1</cp:revision>\n"
    "</cp:coreProperties>"
)

APP = DECL + """<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">
<Application>utlatande</Application><DocSecurity>0</DocSecurity>
</Properties>"""

# A4 portrait; 2.5 cm side margins; room at the top for the header block.
DOCUMENT = DECL + f"""<w:document {W} {R}><w:body>
<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>
<w:pgMar w:top="2268" w:right="1418" w:bottom="1418" w:left="1418" w:header="709" w:footer="709" w:gutter="0"/>
<w:cols w:space="708"/></w:sectPr>
</w:body></w:document>"""

SETTINGS = DECL + f"""<w:settings {W}>
<w:defaultTabStop w:val="1304"/><w:characterSpacingControl w:val="doNotCompress"/>
<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>
<w:themeFontLang w:val="{LANG}"/><w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/>
</w:settings>"""

FONT_TABLE = DECL + (
    f"<w:fonts {W}>\n"
    f'<w:font w:name="{FONT}"><w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/><w:family w:val="swiss"/>'
    '<w:pitch w:val="variable"/></w:font>\n'
    "</w:fonts>"
)


def _paragraph_style(style_id, name, *, based_on="Normal", size=None, bold=False, italic=False,
                     before=None, after=None, keep_next=False, outline=None, extra_ppr="", ui_priority=None):
    ppr = ""
    if keep_next:
        ppr += "<w:keepNext/><w:keepLines/>"
    if before is not None or after is not None:
        ppr += f'<w:spacing w:before="{before or 0}" w:after="{after or 0}"/>'
    ppr += extra_ppr
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    rpr = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
    if size:
        rpr += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    priority = f'<w:uiPriority w:val="{ui_priority}"/>' if ui_priority is not None else ""
    return (f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>{based}'
            f'<w:next w:val="Normal"/>{priority}<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')


#: Headings 1 to 6: size (half-points), bold, italic, and space before and after (twentieths of a point).
HEADINGS = (
    (26, True, False, 280, 80),
    (22, True, False, 200, 60),
    (22, True, True, 160, 60),
    (22, False, True, 120, 40),
    (22, False, True, 120, 40),
    (22, False, True, 120, 40),
)


def _styles() -> str:
    styles = [
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>',
        _paragraph_style("Title", "Title", size=32, bold=True, before=480, after=120, keep_next=True, ui_priority=10),
        _paragraph_style("Subtitle", "Subtitle", size=24, after=240, keep_next=True, ui_priority=11),
        *(_paragraph_style(f"Heading{level}", f"heading {level}", size=size, bold=bold, italic=italic, before=before,
                           after=after, keep_next=True, outline=level - 1, ui_priority=9)
          for level, (size, bold, italic, before, after) in enumerate(HEADINGS, 1)),
        _paragraph_style("ListNumber", "List Number", after=80, extra_ppr='<w:contextualSpacing/>'),
        _paragraph_style("ListNumber2", "List Number 2", after=80, extra_ppr='<w:contextualSpacing/>'),
        _paragraph_style("ListBullet", "List Bullet", after=80, extra_ppr='<w:contextualSpacing/>'),
        _paragraph_style("ListBullet2", "List Bullet 2", after=80, extra_ppr='<w:contextualSpacing/>'),
        _paragraph_style("ListContinue", "List Continue", after=80, extra_ppr='<w:ind w:left="425"/>'),
        _paragraph_style("ListContinue2", "List Continue 2", after=80, extra_ppr='<w:ind w:left="850"/>'),
        _paragraph_style("Header", "header", size=18, after=0),
        _paragraph_style("Footer", "footer", size=18, after=0),
        _paragraph_style("HeaderKind", "Header Document Kind", based_on="Header", size=24, bold=True),
        _paragraph_style("BlockLabel", "Block Label", size=18, bold=True, after=0),
        _paragraph_style("BlockText", "Block Text", after=0),
        _paragraph_style("Signature", "Signature", after=0),
        _paragraph_style("TableText", "Table Text", after=0),
        ('<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:uiPriority w:val="99"/>'
         '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>'),
        ('<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
         '<w:uiPriority w:val="99"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
         '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
         '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'),
        ('<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>'
         '<w:uiPriority w:val="39"/><w:tblPr><w:tblBorders>'
         + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
                   for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
         + '</w:tblBorders><w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/></w:tblCellMar>'
         '</w:tblPr><w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr></w:tblStylePr></w:style>'),
        ('<w:style w:type="table" w:styleId="LayoutTable"><w:name w:val="Layout Table"/><w:basedOn w:val="TableNormal"/>'
         '<w:tblPr><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="113" w:type="dxa"/></w:tblCellMar></w:tblPr>'
         '</w:style>'),
    ]
    defaults = (
        f'<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
        f'<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="{LANG}" w:eastAsia="{LANG}" w:bidi="ar-SA"/></w:rPr>'
        '</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="269" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        '</w:docDefaults>'
    )
    return DECL + f"<w:styles {W}>{defaults}{''.join(styles)}</w:styles>"


def _levels(kind: str) -> str:
    levels = []
    for ilvl in range(9):
        indent = 425 * (ilvl + 1)
        if kind == "decimal":
            fmt, text, font = "decimal", f"%{ilvl + 1}.", ""
        else:
            fmt, text = "bullet", "•" if ilvl % 2 == 0 else "–"
            font = f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}"/></w:rPr>'
        levels.append(
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
            f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{indent}" w:hanging="425"/></w:pPr>{font}</w:lvl>'
        )
    return "".join(levels)


NUMBERING = DECL + f"""<w:numbering {W}>
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/><w:name w:val="Numbered list"/>\
{_levels("decimal")}</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="multilevel"/><w:name w:val="Bulleted list"/>\
{_levels("bullet")}</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"""


def write_reference(path: Path) -> None:
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "docProps/core.xml": CORE,
        "docProps/app.xml": APP,
        "word/document.xml": DOCUMENT,
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/styles.xml": _styles(),
        "word/settings.xml": SETTINGS,
        "word/numbering.xml": NUMBERING,
        "word/fontTable.xml": FONT_TABLE,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))


if __name__ == "__main__":
    write_reference(Path(sys.argv[1] if len(sys.argv) > 1 else "templates/reference.docx"))

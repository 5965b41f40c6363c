"""The few lxml calls every package writer uses: elements with attributes in the order given,
and one serialisation (UTF-8, declared, indented), so the same data gives the same bytes."""

from __future__ import annotations

from lxml import etree

XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def qualified(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def root(namespace: str, name: str, nsmap: dict[str | None, str], attributes: dict[str, str] | None = None) -> etree._Element:
    # lxml takes None for the default namespace; its stubs say only str.
    element = etree.Element(qualified(namespace, name), nsmap=nsmap)  # type: ignore[arg-type]
    for key, value in (attributes or {}).items():
        element.set(key, value)
    return element


def child(parent: etree._Element, name: str, text: str | None = None,
          attributes: dict[str, str] | None = None) -> etree._Element:
    """A child in the parent's namespace (`name` unqualified), or in another (`name` qualified)."""
    tag = name if name.startswith("{") else qualified(etree.QName(parent).namespace or "", name)
    element = etree.SubElement(parent, tag)
    for key, value in (attributes or {}).items():
        element.set(key, value)
    if text is not None:
        element.text = text
    return element


def serialised(element: etree._Element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", pretty_print=True)

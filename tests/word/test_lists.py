"""Word's automatic list numbers are read as Word shows them."""

from lxml import etree

from charter.word.lists import ListNumbering

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def numbering(nums: str) -> ListNumbering:
    xml = f"""<w:numbering xmlns:w="{W}">
      <w:abstractNum w:abstractNumId="7">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
      </w:abstractNum>
      {nums}
    </w:numbering>"""
    return ListNumbering(etree.fromstring(xml.encode()))


def item(num_id: str, level: int = 0) -> etree._Element:
    return etree.fromstring(f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')


def test_lists_sharing_one_definition_continue_each_others_numbers() -> None:
    lists = numbering(
        '<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="7"/></w:num>'
    )
    labels = [lists.label(item(n)) for n in ("1", "1", "2", "2", "1")]
    assert labels == ["1.", "2.", "3.", "4.", "5."]


def test_a_start_override_restarts_the_list_where_it_is_first_used() -> None:
    lists = numbering(
        '<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="7"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    )
    labels = [lists.label(item(n)) for n in ("1", "1", "1", "2", "2", "2", "2", "2", "2")]
    assert labels == ["1.", "2.", "3.", "1.", "2.", "3.", "4.", "5.", "6."]


def test_a_sub_level_restarts_under_each_new_item_of_its_parent() -> None:
    lists = numbering('<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>')
    labels = [lists.label(item("1", level)) for level in (0, 1, 1, 0, 1)]
    assert labels == ["1.", "(a)", "(b)", "2.", "(a)"]


def test_a_bullet_or_unknown_list_has_no_label() -> None:
    lists = numbering('<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>')
    assert lists.label(item("9")) is None

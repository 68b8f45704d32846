"""Reading files into documents: encodings are decoded, non-documents are rejected with one line."""

from __future__ import annotations

import pytest

from hemakg.builders import BuildError, read_document
from hemakg.builders.sentences import split_sentences

from conftest import TEST_DATA, corpus_file


def test_latin1_document_is_decoded_not_rejected():
    document = read_document(TEST_DATA / "foundation_latin1.txt")
    assert "älteren Patienten" in document.text and "München" in document.text


def test_chinese_gbk_document_is_decoded(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("急性髓系白血病患者接受维奈克拉治疗，完全缓解率为百分之六十。".encode("gbk"))
    assert "急性髓系白血病" in read_document(path).text


def test_utf8_byte_order_mark_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfTitle: A study of CD19 CAR-T.")
    assert read_document(path).text.startswith("Title:")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
    ],
)
def test_non_documents_are_rejected_with_the_file_name_and_reason(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(BuildError) as raised:
        read_document(path)
    message = str(raised.value)
    assert message.startswith(str(path)) and reason in message and "\n" not in message


def test_a_file_too_large_to_be_a_document_is_rejected(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"CD19 CAR-T. " * 1000)
    with pytest.raises(BuildError, match="too large"):
        read_document(path, max_bytes=1000)


def test_a_missing_file_is_rejected(tmp_path):
    with pytest.raises(BuildError, match="no such file"):
        read_document(tmp_path / "absent.txt")


def test_sentence_offsets_point_back_into_the_document():
    document = read_document(corpus_file("002"))
    sentences = split_sentences(document.text)
    assert len(sentences) > 50
    for sentence in sentences:
        assert document.text[sentence.start:sentence.end] == sentence.text


def test_sentences_do_not_break_after_et_al_or_initials():
    texts = [s.text for s in split_sentences("Lin Y, Zhao D, et al. reported it. Dr. J. Smith agreed.")]
    assert texts == ["Lin Y, Zhao D, et al. reported it.", "Dr. J. Smith agreed."]

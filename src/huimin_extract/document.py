"""`Doc`: what every extraction stage reads — the text, its matching copy and its segmentation."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .models import Paragraph, Section, Sentence


@dataclass
class Doc:
    """Read-only once made: the look-ups below are built from its sentences and sections when it is made."""

    text: str
    """The decoded source; every offset indexes it."""
    norm: str
    """The matching copy (normalise.normalise): same length, full-width folded to ASCII."""
    report_year: int | None
    sections: list[Section]
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    region: str | None = None
    """The report's region (北京市): a sub-region's figure is not its."""
    _sentence_starts: list[int] = field(init=False, repr=False)
    _sections_by_id: dict[str, Section] = field(init=False, repr=False)
    _content: list[Sentence] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sentence_starts = [s.start for s in self.sentences]
        self._sections_by_id = {s.id: s for s in self.sections}
        self._content = [s for s in self.sentences if not s.boilerplate]  # every stage asks for them

    def content_sentences(self) -> list[Sentence]:
        """Sentences that are report content (not web-page boilerplate), in order; the caller must not change
        the list."""
        return self._content

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains `offset`, if any."""
        i = bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def section(self, section_id: str | None) -> Section | None:
        return self._sections_by_id.get(section_id) if section_id else None

    def section_chain(self, section_id: str | None) -> list[Section]:
        """The section and its ancestors, innermost first."""
        section = self.section(section_id)
        if section is None:
            return []
        return [self._sections_by_id[i] for i in reversed(section.path)]


def joined_with_nul(pieces: list[str]) -> tuple[str, list[int]]:
    """`pieces` joined with NUL (a character in no report text, so no match of a stage's patterns crosses it
    where that stage has checked it cannot), and where each piece starts in the joined text: the stages scan a
    report's sentences in one pass this way and give each match back to its sentence by bisection."""
    starts: list[int] = []
    pos = 0
    for piece in pieces:
        starts.append(pos)
        pos += len(piece) + 1
    return "\x00".join(pieces), starts

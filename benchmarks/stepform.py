"""What a browser posts for the questionnaire form: shared by the load driver (``locustfile.py``) and
``request_cpu.py``."""

from __future__ import annotations

from html.parser import HTMLParser

DONT_KNOW = "__dont_know"


class StepFormReader(HTMLParser):
    """What a browser posts for the questionnaire form ``#step-form``: its fields as they stand.

    :meth:`answered` adds what the person does with a required question left blank: tick "I don't
    know" (last year's answers, which a yearly draft starts from, may lack a question added since).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.required: list[str] = []
        self._question = ""
        self._select: str | None = None
        self._select_value: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == "step-form"
        if not self.inside:
            return
        name = a.get("name")
        if tag == "div" and a.get("id", "").startswith("q-"):
            self._question = a["id"][2:]
        elif tag == "span" and a.get("class") == "required" and self._question:
            self.required.append(self._question)
        elif tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button"):
                self.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select, self._select_value = name, None
        elif tag == "option" and self._select is not None:
            if self._select_value is None or "selected" in a:
                self._select_value = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            self.fields.append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def answered(self) -> list[tuple[str, str]]:
        given = {name for name, value in self.fields if value != ""}
        blank = [(q + DONT_KNOW, "on") for q in self.required if q not in given and q + DONT_KNOW not in given]
        return [*self.fields, *blank]

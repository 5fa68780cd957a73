"""The languages people use the app in: their names, their technology words, and which one a person gets.

Pure data and rules. English is the source language: every text is written in English and marked
(`N_`, or a `Message` with its parameters); the catalogues (`aiadopt/locales`, read by `aiadopt.i18n`)
translate it where it is shown. A language is a catalogue plus a `Language` record here: its own
name, the words that name a technology in it, and how solution talk reads in it (docs/architecture.md,
"Languages").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

SOURCE_LANGUAGE = "en"


def N_(text: str) -> str:
    """Mark an English text for the catalogues; it is translated where it is shown (`aiadopt.i18n.t`)."""
    return text


class Message(str):
    """An English text made from a marked template and its parameters, translatable where it is shown.

    It reads as the English text everywhere (it is a `str`); `template` and `params` let the screen
    say it in the person's language, numbers formatted for it and marked parameters translated too.
    """

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, **params: object) -> Message:
        made = super().__new__(cls, template.format(**{k: english(v) for k, v in params.items()}))
        made.template = template
        made.params = dict(params)
        return made

    def __reduce__(self) -> tuple[object, ...]:
        # Copied or pickled from its template and parameters: the English text alone may hold braces
        # (a title typed with "{"), which a rebuild from it would read as placeholders.
        return (_rebuilt_message, (self.template, dict(self.params)))


def _rebuilt_message(template: str, params: Mapping[str, object]) -> Message:
    return Message(template, **params)


def listed(items: Iterable[object], separator: str = ", ") -> Message:
    """Items joined by `separator`, each one a parameter: a marked item (a `Message`) is said in the reader's
    language where the list is shown, a typed one (a name) stays as written, braces and all."""
    params = {f"item{i}": item for i, item in enumerate(items)}
    return Message(separator.join("{" + name + "}" for name in params), **params)


def english(value: object) -> str:
    """A message parameter as the English text shows it (whole numbers with thousands separators, a
    date as "2 December 2026")."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, int | float):
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    return str(value)


@dataclass(frozen=True)
class Language:
    """One language: its code, its name in itself, and the problem-first word rule in it.

    `technology_words` are lower-case words and phrases matched on word boundaries; a `*` stands for
    any letters (German compounds, French and Spanish endings: "*automatisier*", "automatiz*").
    `solution_patterns` are regular expressions for a tool proposed instead of a problem described
    ("wir brauchen ein neues Tool").
    """

    code: str
    name: str
    technology_words: tuple[str, ...]
    solution_patterns: tuple[str, ...] = field(default=())


ENGLISH = Language(
    "en",
    "English",
    (
        "ai",
        "a.i.",
        "genai",
        "gen ai",
        "artificial intelligence",
        "machine learning",
        "deep learning",
        "neural network",
        "neural net",
        "llm",
        "llms",
        "large language model",
        "language model",
        "gpt",
        "chatgpt",
        "openai",
        "copilot",
        "copilots",
        "chatbot",
        "chatbots",
        "chat bot",
        "bot",
        "bots",
        "robot",
        "robots",
        "rpa",
        "automation",
        "automations",
        "automate",
        "automated",
        "automating",
        "autonomous agent",
        "ai agent",
        "prompt engineering",
    ),
    (
        r"\bwe (?:need|want|should (?:buy|get|use|have|build))\b[^.!?\n]{0,40}?"
        r"\b(?:tool|app|software|system|platform|dashboard|plugin|plug-in)s?\b",
        r"\b(?:buy|purchase|install|implement|roll out|deploy)\b[^.!?\n]{0,30}?"
        r"\b(?:tool|app|software|system|platform|plugin)s?\b",
    ),
)

# Words shared by every language: product names and abbreviations people write as they are.
_NAMES = ("gpt", "chatgpt", "openai", "llm", "llms", "rpa", "genai", "chatbot*", "bot", "bots")

GERMAN = Language(
    "de",
    "Deutsch",
    (
        *_NAMES,
        "ki",
        "k.i.",
        "künstliche* intelligenz",
        "maschinelle* lernen*",
        "deep learning",
        "neuronale* netz*",
        "*sprachmodell*",
        "*chatbot*",
        "chat-bot*",
        "roboter*",
        "*automatisier*",
        "automation*",
        "copilot*",
    ),
    (
        # "wir brauchen ein neues Tool", "wir sollten eine Software kaufen", "wir bräuchten ein Ticketsystem"
        r"\b(?:wir |man |ich )?(?:brauchen|brauche|bräuchten|benötigen|benötige|wollen|möchten|sollten|müssten)\b"
        r"[^.!?\n]{0,40}?\b\w*(?:tool|app|software|system|plattform|programm|dashboard|plugin)(?:s|e|en)?\b",
        # "ein Tool kaufen", "eine neue Software einführen", "ein System anschaffen"
        r"\b\w*(?:tool|app|software|system|plattform|programm)(?:s|e|en)?\b[^.!?\n]{0,20}?"
        r"\b(?:kaufen|anschaffen|einführen|installieren|implementieren|ausrollen|einsetzen)\b",
        r"\b(?:kauf|anschaffung|einführung|installation)\b[^.!?\n]{0,20}?"
        r"\b\w*(?:tool|app|software|system|plattform|programm)(?:s|e|en)?\b",
    ),
)

FRENCH = Language(
    "fr",
    "Français",
    (
        *_NAMES,
        "ia",
        "i.a.",
        "intelligence artificielle",
        "intelligences artificielles",
        "apprentissage automatique",
        "apprentissage profond",
        "réseau de neurones",
        "réseaux de neurones",
        "réseau neuronal",
        "réseaux neuronaux",
        "modèle de langage",
        "modèles de langage",
        "robot",
        "robots",
        "robotis*",
        "agent conversationnel",
        "agents conversationnels",
        "copilote*",
        "copilot*",
        "automatis*",
        "automation*",
    ),
    (
        # "il nous faut un outil", "nous avons besoin d'un logiciel", "on devrait acheter une appli"
        r"\b(?:il (?:nous |me )?(?:faut|faudrait)|(?:nous avons|on a|j'ai|nous aurions|on aurait) besoin d[e']"
        r"|(?:nous |on )(?:voulons|veut|voudrions|voudrait|devrions|devrait) (?:acheter|avoir|utiliser|créer))"
        r"[^.!?\n]{0,40}?\b(?:outil|appli|application|logiciel|système|systeme|plateforme|tableau de bord|plugin)s?\b",
        r"\b(?:acheter|acquérir|installer|déployer|mettre en place|implémenter)\b[^.!?\n]{0,30}?"
        r"\b(?:outil|appli|application|logiciel|système|systeme|plateforme|plugin)s?\b",
    ),
)

SPANISH = Language(
    "es",
    "Español",
    (
        *_NAMES,
        "ia",
        "i.a.",
        "inteligencia artificial",
        "inteligencias artificiales",
        "aprendizaje automático",
        "aprendizaje profundo",
        "red neuronal",
        "redes neuronales",
        "modelo de lenguaje",
        "modelos de lenguaje",
        "robot",
        "robots",
        "robotiz*",
        "asistente virtual",
        "asistentes virtuales",
        "copiloto*",
        "copilot",
        "automatiz*",
        "automation*",
    ),
    (
        # "necesitamos una app", "nos hace falta una herramienta", "deberíamos comprar un programa"
        r"\b(?:necesitamos|necesitaríamos|necesito|nos (?:hace|haría) falta|queremos|quisiéramos"
        r"|deberíamos (?:comprar|tener|usar|crear))\b[^.!?\n]{0,40}?"
        r"\b(?:herramienta|app|aplicación|aplicaciones|programa|software|sistema|plataforma|panel|plugin)s?\b",
        r"\b(?:comprar|adquirir|instalar|implantar|implementar|desplegar)\b[^.!?\n]{0,30}?"
        r"\b(?:herramienta|app|aplicación|aplicaciones|programa|software|sistema|plataforma|plugin)s?\b",
    ),
)

LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (ENGLISH, GERMAN, FRENCH, SPANISH)}


def language_code(value: object, available: Iterable[str] | None = None) -> str | None:
    """The language a locale or `lang=` value names ('de-CH', 'fr_FR', 'ES' give de, fr, es), or None
    when it names none of the `available` ones (all known languages by default)."""
    known = set(LANGUAGES if available is None else available)
    text = str(value or "").strip().replace("_", "-").lower()
    if not text or len(text) > 35:
        return None
    if text in known:
        return text
    base = text.split("-")[0]
    return base if base in known else None


def best_language(
    candidates: Iterable[object], default: object = SOURCE_LANGUAGE, available: Iterable[str] | None = None
) -> str:
    """The first candidate (most wanted first) that names an available language, else `default`, else English.

    Unknown or malformed values are passed over silently: a made-up `lang=` or a browser in a
    language we do not have lands in the workshop's language.
    """
    known = tuple(LANGUAGES if available is None else available)
    for candidate in candidates:
        found = language_code(candidate, known)
        if found:
            return found
    return language_code(default, known) or SOURCE_LANGUAGE

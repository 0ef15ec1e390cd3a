### Labels every policy's pages use (table of contents, document control,
### page numbers, change notices). Keep the ids; translate the text.

## Navigasjon

toc-label = På denne siden
contents-label = Innholdsfortegnelse
# The name of this language, in this language (language switchers).
language-name = Norsk bokmål
label-languages = Andre språk

## Dokumentstyring (forside og metadata)

category-compliance = Etterlevelse
category-agreement = Avtale
classification-public = Offentlig
classification-internal = Intern
label-category = Kategori
label-title = Tittel
label-intro = Sammendrag
label-version = Versjon
label-document-id = Dokument-ID
label-prepared-by = Utarbeidet av
label-approver = Godkjent av
label-date = Dato
label-effective = Gjelder fra
label-classification = Klassifisering

## Bunntekst ved utskrift

page-of = Side { $page } av { $pages }

## Endringsvarsel (policyc redline)

redline-title = Endringer
redline-from = Tidligere versjon
redline-to = Denne versjonen
redline-summary = Sammendrag
redline-details = Dokumentopplysninger
redline-legend = Slik vises endringene
redline-inserted = Innsatt tekst
redline-deleted = Slettet tekst
redline-added = Lagt til
redline-removed = Fjernet
redline-moved = Flyttet
redline-changed = Endret
redline-renumbered = Omnummerert
redline-unchanged = Uendret
redline-no-changes = Ingen endringer.
redline-not-approved = Denne oversettelsen er ikke godkjent mot referanseteksten i en av de to versjonene. Ikke publiser den som et godkjent endringsvarsel.
redline-fact = Opplysning
redline-preamble = Innledende tekst
redline-epilogue = Avsluttende tekst

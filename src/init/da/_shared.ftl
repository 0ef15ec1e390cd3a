### Labels every policy's pages use (table of contents, document control,
### page numbers, change notices). Keep the ids; translate the text.

## Navigation

toc-label = På denne side
contents-label = Indholdsfortegnelse
# The name of this language, in this language (language switchers).
language-name = Dansk
label-languages = Andre sprog

## Dokumentstyring (forside og metadata)

category-compliance = Regelefterlevelse
category-agreement = Aftale
classification-public = Offentlig
classification-internal = Intern
label-category = Kategori
label-title = Titel
label-intro = Resumé
label-version = Version
label-document-id = Dokument-id
label-prepared-by = Udarbejdet af
label-approver = Godkendt af
label-date = Dato
label-effective = Gælder fra
label-classification = Klassificering

## Sidefod ved udskrift

page-of = Side { $page } af { $pages }

## Ændringsmeddelelse (policyc redline)

redline-title = Ændringer
redline-from = Tidligere version
redline-to = Denne version
redline-summary = Overblik
redline-details = Dokumentoplysninger
redline-legend = Sådan vises ændringerne
redline-inserted = Indsat tekst
redline-deleted = Slettet tekst
redline-added = Tilføjet
redline-removed = Fjernet
redline-moved = Flyttet
redline-changed = Ændret
redline-renumbered = Omnummereret
redline-unchanged = Uændret
redline-no-changes = Ingen ændringer.
redline-not-approved = Denne oversættelse er ikke godkendt i forhold til referenceteksten i en af de to versioner. Offentliggør den ikke som en godkendt ændringsmeddelelse.
redline-fact = Oplysning
redline-preamble = Indledende tekst
redline-epilogue = Afsluttende tekst

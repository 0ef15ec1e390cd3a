### Labels every policy's pages use (table of contents, document control,
### page numbers, change notices). Keep the ids; translate the text.

## Navigering

toc-label = På denna sida
contents-label = Innehållsförteckning
# The name of this language, in this language (language switchers).
language-name = Svenska
label-languages = Andra språk

## Dokumentstyrning (försättsblad och metadata)

category-compliance = Regelefterlevnad
category-agreement = Avtal
classification-public = Offentlig
classification-internal = Intern
label-category = Kategori
label-title = Titel
label-intro = Sammanfattning
label-version = Version
label-document-id = Dokument-ID
label-prepared-by = Upprättad av
label-approver = Godkänd av
label-date = Datum
label-effective = Gäller från
label-classification = Klassificering

## Sidfot vid utskrift

page-of = Sida { $page } av { $pages }

## Ändringsmeddelande (policyc redline)

redline-title = Ändringar
redline-from = Tidigare version
redline-to = Denna version
redline-summary = Sammanfattning
redline-details = Dokumentuppgifter
redline-legend = Så visas ändringarna
redline-inserted = Infogad text
redline-deleted = Borttagen text
redline-added = Tillagt
redline-removed = Borttaget
redline-moved = Flyttat
redline-changed = Ändrat
redline-renumbered = Omnumrerat
redline-unchanged = Oförändrat
redline-no-changes = Inga ändringar.
redline-not-approved = Den här översättningen är inte godkänd mot referenstexten i en av de två versionerna. Publicera den inte som ett godkänt ändringsmeddelande.
redline-fact = Uppgift
redline-preamble = Inledande text
redline-epilogue = Avslutande text

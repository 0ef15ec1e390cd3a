### Gemensamma gränssnittstexter för alla policyer — svenska

## Varumärke

# Det korta varumärkesnamnet för löptext; det juridiska namnet är faktumet `$company`.
-brand = Nordvik Moln

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

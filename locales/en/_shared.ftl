### Shared interface labels used by every policy — English (reference locale)

## Brand

# The short brand name for running text; the legal name is the fact `$company`.
-brand = Nordvik Moln

## Navigation

toc-label = On this page
contents-label = Table of contents
# The name of this language, in this language (language switchers).
language-name = English
label-languages = Other languages

## Document control (cover page and metadata)

category-compliance = Compliance
category-agreement = Agreement
classification-public = Public
classification-internal = Internal
label-category = Category
label-title = Title
label-intro = Summary
label-version = Version
label-document-id = Document ID
label-prepared-by = Prepared by
label-approver = Approved by
label-date = Date
label-effective = Effective from
label-classification = Classification

## Print footer

page-of = Page { $page } of { $pages }

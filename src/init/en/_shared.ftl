### Labels every policy's pages use (table of contents, document control,
### page numbers, change notices). Keep the ids; translate the text.

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

## Change notice (policyc redline)

redline-title = Changes
redline-from = Previous version
redline-to = This version
redline-summary = Summary
redline-details = Document details
redline-legend = How changes are shown
redline-inserted = Inserted text
redline-deleted = Deleted text
redline-added = Added
redline-removed = Removed
redline-moved = Moved
redline-changed = Changed
redline-renumbered = Renumbered
redline-unchanged = Unchanged
redline-no-changes = No changes.
redline-not-approved = This translation was not approved against its reference text in one of the two versions. Do not publish it as an approved change notice.
redline-fact = Fact
redline-preamble = Introductory text
redline-epilogue = Closing text

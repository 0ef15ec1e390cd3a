### Example privacy notice: the English text. One message per section of
### policies/privacy.toml; its value is the heading, each block an attribute.

policy = Privacy notice
    .intro = How { $company } handles the personal data of the people who contact us.
    .lead = This notice is short on purpose: it says what we keep, why, and for how long.
    .changes-title = Changes to this notice
    .changes = We publish every new version of this notice on this page. This is version { $version }, published on { $published }.

who-we-are = Who we are
    .about = { $company } decides how the personal data described here is used, and answers for it.

what-we-collect = What we collect
    .intro = We keep only what we need to answer you:
    .data-contact = your name and e-mail address,
    .data-messages = what you write to us,
    .data-usage = and when you wrote it.
    .retention = We delete these details { $retention-months ->
        [one] one month
       *[other] { $retention-months } months
    } after our last exchange with you.

your-rights = Your rights
    .ask = You may ask to see, correct or delete what we hold about you. Write to [{ $email }](mailto:{ $email }) and we will reply within one month.

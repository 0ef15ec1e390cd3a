### Privacy notice — English (reference locale)

## Document

policy = Privacy notice
    .intro = This page explains how { $company } collects and uses personal data about visitors to our website, our contacts and our business partners.
    .lead = _If you want to know how data protection is handled inside our cloud services, please read [our page on data protection in the cloud]({ $gdpr-page }) instead._
    .dpa-title = data processing agreement
    .dpa = Customers who would like a copy of our data processing agreement are welcome to ask their account manager.

## Who we are

company = Who we are
    .about = { $company } (org. no. { $org-number }) is a Swedish company with a subsidiary in Norway. We provide cloud services – virtual servers, storage and networking – to businesses and public-sector organisations, run from data centres in Sweden and Norway. Our head office is located at { $street }, { $postcode } { $city }.

## Collection

collection = How we collect personal data
    .sources = Most of the personal data we hold has been given to us by you directly, for example when you fill in a contact form on our website, write to us or sign up for one of our events, seminars or webinars.
    .business = When we enter into a business relationship with a customer, partner or supplier, we also need the personal data required to manage that relationship, such as details of contact persons for invoicing, administration and account management.

## Data and purpose

data-and-purpose = What data we process and why
    .what = For the most part, the data we process consists of contact details: your name, e-mail address, telephone number, job title and the organisation you work for. Should we ever need to collect anything beyond this, we will tell you so at the time we collect it.
    .why = We use these details to answer your enquiries, to keep you informed about { -brand }, our services and upcoming events, to administer events you have signed up for, and to manage our relationships with customers and suppliers, including invoicing. We also use registration details to keep unwanted participants, such as spammers, out of our online events.

## Legal basis

legal-basis = Legal basis
    .basis = We process your personal data on the basis of either your consent or our legitimate interest in keeping in touch with customers, prospective customers and partners. Where personal data is transferred to a country outside the EU/EEA, the transfer relies either on your consent or on the standard contractual clauses adopted by the European Commission.

## Storage

storage = How we store your data
    .where = Contact details are kept in our customer relationship management (CRM) system for no more than { $crm-retention-months ->
        [one] { $crm-retention-months } month
       *[other] { $crm-retention-months } months
    } after our last contact with you, or until you ask us to remove them, if that happens sooner. If you are a customer or a supplier, your details are also kept in our accounting system for as long as the bookkeeping rules require.

## Erasure and correction

erasure = How do I get my data erased or corrected?
    .how = Send an e-mail to [{ $email }](mailto:{ $email }) telling us what you would like corrected or removed, and we will take care of it.

## Third countries

third-countries = Transfers to third countries
    .transfers = Some of the tools we use for video meetings, customer relationship management and accounting are provided by suppliers based outside the EU/EEA. Personal data – mainly the contact details of people with whom we have a customer or marketing relationship – may therefore be transferred to countries outside the EU/EEA. Such transfers are made with the safeguards described under legal basis above.

## Sharing

sharing = Sharing of personal data
    .policy = We never sell your personal data, and we do not pass it on to third parties. The only exception is suppliers that process data on our behalf, such as the providers of our CRM and accounting systems. They act as our processors, are bound by a written agreement and may act only on our instructions.

## Other rights

other-rights = Your other rights
    .questions = You are always welcome to write to us at [{ $email }](mailto:{ $email }) if you have any questions about your rights.
    .rights-object = You can object to our processing of your personal data at any time. We will then stop unless we have compelling legitimate grounds to continue, and we always stop using your data for marketing if you ask us to.
    .rights-access = You can find out which personal data we process about you and receive a copy of it.
    .rights-portability = You can receive the data you have given us in a structured, commonly used and machine-readable format, so that you can pass it on to someone else.
    .rights-complaint = You can lodge a complaint with the supervisory authority, { $authority }, if you believe that we are processing your data in breach of the rules.
    .limits = We may refuse a request that is manifestly unfounded or excessive, for example because it is repeated or would require a disproportionate effort, and we may also refuse it if we cannot establish who you are. If we do, we will explain why.

## Cookies

cookies = Cookies
    .pointer = How our website uses cookies is described on a separate [page about cookies]({ $cookies-page }).

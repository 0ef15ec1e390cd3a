### Data processing agreement — English (reference locale)

## Document

policy = Data processing agreement
    .intro = The terms on which { $company } processes personal data on behalf of its customers when they use our cloud services.
    .lead = This agreement sets out how { $company }, as processor, handles personal data on behalf of customers who use cloud services from { -brand }. Version { $version } applies from { $effective } and replaces all earlier versions.

definitions = Definitions
    .terms-controller-term = Controller
    .terms-controller = the customer, who decides why and how personal data is processed.
    .terms-processor-term = Processor
    .terms-processor = { $company }, which processes personal data on the Controller's behalf under this agreement.
    .terms-sub-processor-term = Sub-processor
    .terms-sub-processor = another company the Processor engages to carry out part of the processing.
    .terms-breach-term = Personal data breach
    .terms-breach = a security incident that leads to personal data being lost, altered, disclosed or accessed without authorisation.

## Parties

parties = Parties
    .who = This agreement is entered into between the customer, as controller (the **Controller**), and { $company }, org. no. { $org-number }, as processor (the **Processor**), together referred to as the parties. Questions about the agreement may be sent to [{ $email }](mailto:{ $email }).

## Scope

scope = Scope
    .intro = This agreement supplements the agreement between the parties on the delivery of cloud services (the main agreement). It applies to all processing of personal data that the Processor carries out on behalf of the Controller under the main agreement and, in matters of data protection, takes precedence over the main agreement.

subject-matter = Subject-matter and nature of the processing
    .what = The Processor processes personal data solely in order to deliver the cloud services ordered by the Controller: operating the infrastructure, storing and transmitting data, taking backups, providing support and invoicing the services. The Processor does not process the data for any purpose of its own.

data-categories = Categories of data and data subjects
    .intro = The Controller alone decides which personal data is stored in the services and whom it concerns – typically its own employees, customers and users. In addition, the Processor processes the following categories in order to deliver the services:
    .categories-category = Category
    .categories-examples = Examples
    .categories-retention = Retention
    .categories-contact-category = Contact details
    .categories-contact-examples = Names, e-mail addresses and telephone numbers of the Controller's users and contact persons
    .categories-contact-retention = For as long as the main agreement is in force
    .categories-billing-category = Billing data
    .categories-billing-examples = Invoice recipients, billing addresses, order references and usage records
    .categories-billing-retention = For as long as accounting legislation requires
    .categories-technical-category = Technical data
    .categories-technical-examples = IP addresses, log entries, account identifiers and API keys
    .categories-technical-retention = Until no longer needed for operation, troubleshooting and security

duration = Duration
    .term = The agreement enters into force when the main agreement is signed and remains in force for as long as the Processor processes personal data on behalf of the Controller. What happens to the data when the agreement ends is set out in clause { SECTION("termination", show: "number") }.

## Obligations

obligations = Obligations of the Processor
    .intro = When processing personal data under this agreement, the Processor undertakes the following:
    .duties-instructions-label = Documented instructions
    .duties-instructions = The Processor processes personal data only on documented instructions from the Controller, including with regard to transfers to third countries, unless EU or member state law requires otherwise. If the Processor considers that an instruction infringes data protection law, it informs the Controller without delay.
    .duties-confidentiality-label = Confidentiality
    .duties-confidentiality = The Processor ensures that everyone with access to the personal data, whether employees or contractors, is bound by a duty of confidentiality and has access only to the extent their work requires.
    .duties-assistance-label = Assistance to the Controller
    .duties-assistance = Taking into account the nature of the processing, the Processor assists the Controller in responding to requests from data subjects exercising their rights, and in meeting its obligations concerning security, data protection impact assessments and prior consultation.
    .duties-records-label = Records of processing
    .duties-records = The Processor keeps a record of the processing carried out on behalf of the Controller and makes available to the Controller all information needed to demonstrate compliance with this agreement, including for audits and inspections.

## Sub-processors

subprocessors = Sub-processors
    .consent = The Controller gives the Processor general authorisation to engage sub-processors. The Processor announces any new or replacement sub-processor on [our list of sub-processors]({ $subprocessor-page }) at least { $notice-days ->
        [one] { $notice-days } day
       *[other] { $notice-days } days
    } before the change takes effect, and the Controller may object to the change within that period. Each sub-processor is bound by a written agreement imposing the same data protection obligations as this agreement, and the Processor remains fully liable to the Controller for its sub-processors. The Processor currently uses the following sub-processors:
    .current-name = Sub-processor
    .current-service = Service
    .current-country = Country
    .current-affiliate-name = Our subsidiary in Norway
    .current-affiliate-service = Customer support
    .current-affiliate-country = Norway
    .current-service-cell = { $service ->
        [hosting] Data centre and hosting
        [network] Network and connectivity
        [email] E-mail delivery
       *[other] { $service }
    }
    .current-country-cell = { $country ->
        [SE] Sweden
        [NO] Norway
       *[other] { $country }
    }

## Security

security = Security of processing
    .measures = The Processor implements appropriate technical and organisational measures to protect the personal data against accidental or unlawful destruction, loss, alteration, unauthorised disclosure and unauthorised access, taking into account the state of the art, the costs of implementation and the risks the processing entails. These measures include in particular:
    .controls-encryption = encryption of data in transit and, where the service allows it, at rest;
    .controls-access = access control based on the principle of least privilege, with personal accounts, multi-factor authentication and logging of administrative access;
    .controls-backups = regular backups kept separate from the production environment, with established routines for restoring them;
    .controls-testing = regular testing and evaluation of the effectiveness of the measures, including vulnerability scanning and penetration testing.

breach = Personal data breaches
    .notify = If the Processor becomes aware of a personal data breach affecting the Controller's data, it notifies the Controller without undue delay and no later than { $breach-notice-hours ->
        [one] { $breach-notice-hours } hour
       *[other] { $breach-notice-hours } hours
    } after becoming aware of it. The notification describes, as far as is known at the time, the nature of the breach, the categories and approximate number of data subjects concerned, its likely consequences and the measures taken or proposed, so that the Controller can meet its own obligations. Where a breach reveals weaknesses in the measures described in clause { SECTION("security", show: "number") }, the Processor remedies them.
    .contact-title = Reporting security incidents
    .contact = Security incidents can be reported to the Processor at any time at [{ $security-email }](mailto:{ $security-email }).

## Termination

termination = Termination
    .return = When the agreement ends, the Processor shall, at the Controller's choice, return or delete all personal data processed on its behalf (see { SECTION("data-categories") }) within { $deletion-days ->
        [one] { $deletion-days } day
       *[other] { $deletion-days } days
    }. The same applies to the Processor's sub-processors (see { SECTION("subprocessors") }). The Processor may retain data only where EU or member state law requires it to be stored, and then only for as long as required and under the protection of this agreement. On request, the Processor confirms the deletion in writing.

contacts = Annex: Contact points
    .who = Questions about this agreement go to { $email }. Security incidents, including the personal data breaches covered by { SECTION("breach") }, are reported to { $security-email } at any hour of the day.

### Behandling af personoplysninger — dansk

## Dokument

policy = Behandling af personoplysninger
    .intro = Her kan du læse, hvordan { $company } indsamler og anvender personoplysninger om besøgende på vores websted, om vores kontakter og om vores samarbejdspartnere.
    .lead = _Vil du vide, hvordan databeskyttelsen håndteres i vores skytjenester, kan du i stedet læse [vores side om databeskyttelse i skyen]({ $gdpr-page })._
    .dpa-title = databehandleraftale
    .dpa = Kunder, der gerne vil have en kopi af vores databehandleraftale, er velkomne til at henvende sig til deres kundeansvarlige.

## Om os

company = Om os
    .about = { $company } (org.nr. { $org-number }) er en svensk virksomhed med et datterselskab i Norge. Vi leverer skytjenester – virtuelle servere, lagring og netværk – til virksomheder og offentlige organisationer og driver dem fra datacentre i Sverige og Norge. Adressen på vores hovedkontor er { $street }, { $postcode } { $city }.

## Indsamling

collection = Sådan indsamler vi personoplysninger
    .sources = Langt de fleste personoplysninger, vi har, har du selv givet os – for eksempel når du udfylder en kontaktformular på vores websted, skriver til os eller tilmelder dig et af vores arrangementer, seminarer eller webinarer.
    .business = Når vi indgår et forretningsforhold med en kunde, en samarbejdspartner eller en leverandør, har vi desuden brug for de personoplysninger, der er nødvendige for at administrere forholdet, for eksempel oplysninger om kontaktpersoner i forbindelse med fakturering, administration og kontostyring.

## Oplysninger og formål

data-and-purpose = Hvilke oplysninger vi behandler, og hvorfor
    .what = Der er overvejende tale om kontaktoplysninger: dit navn, din e-mailadresse, dit telefonnummer, din stillingsbetegnelse og den organisation, du arbejder for. Skulle vi en sjælden gang få brug for andre oplysninger, gør vi dig opmærksom på det, når vi indsamler dem.
    .why = Vi bruger oplysningerne til at besvare dine henvendelser, til at holde dig orienteret om { -brand }, vores tjenester og kommende arrangementer, til at administrere arrangementer, du har tilmeldt dig, og til at pleje vores forhold til kunder og leverandører, herunder fakturering. Tilmeldingsoplysninger bruger vi også til at holde uønskede deltagere, for eksempel spammere, ude af vores onlinearrangementer.

## Retsgrundlag

legal-basis = Retsgrundlag
    .basis = Vi behandler dine personoplysninger enten på grundlag af dit samtykke eller på grundlag af vores legitime interesse i at holde kontakten med kunder, potentielle kunder og samarbejdspartnere. Overføres personoplysninger til et land uden for EU/EØS, sker det enten med dit samtykke eller på grundlag af Europa-Kommissionens standardkontraktbestemmelser.

## Opbevaring

storage = Sådan opbevarer vi dine oplysninger
    .where = Kontaktoplysninger opbevares i vores kundesystem (CRM) i højst { $crm-retention-months ->
        [one] { $crm-retention-months } måned
       *[other] { $crm-retention-months } måneder
    } efter vores seneste kontakt med dig, eller indtil du beder os om at slette dem, hvis det sker før. Er du kunde eller leverandør, opbevares dine oplysninger desuden i vores bogføringssystem, så længe bogføringsreglerne kræver det.

## Sletning og berigtigelse

erasure = Hvordan får jeg mine oplysninger slettet eller rettet?
    .how = Send en e-mail til [{ $email }](mailto:{ $email }), og fortæl os, hvad du ønsker rettet eller slettet – så sørger vi for resten.

## Tredjelande

third-countries = Overførsel til tredjelande
    .transfers = Nogle af de værktøjer, vi bruger til videomøder, kundepleje og bogføring, leveres af udbydere med hjemsted uden for EU/EØS. Personoplysninger – primært kontaktoplysninger om personer, som vi har et kunde- eller markedsføringsforhold til – kan derfor blive overført til lande uden for EU/EØS. Sådanne overførsler sker med de garantier, der er beskrevet ovenfor under retsgrundlag.

## Videregivelse

sharing = Videregivelse af personoplysninger
    .policy = Vi sælger aldrig dine personoplysninger, og vi videregiver dem ikke til tredjeparter. Den eneste undtagelse er leverandører, der behandler oplysninger på vores vegne, for eksempel udbyderne af vores CRM- og bogføringssystemer. De er vores databehandlere, er bundet af en skriftlig aftale og må kun handle efter vores instruks.

## Andre rettigheder

other-rights = Dine andre rettigheder
    .questions = Du er altid velkommen til at skrive til os på [{ $email }](mailto:{ $email }), hvis du har spørgsmål om dine rettigheder.
    .rights-object = Du kan til enhver tid gøre indsigelse mod vores behandling af dine personoplysninger. Vi stopper så behandlingen, medmindre vi har vægtige legitime grunde til at fortsætte, og vi holder altid op med at bruge dine oplysninger til markedsføring, hvis du beder om det.
    .rights-access = Du kan få indsigt i, hvilke personoplysninger vi behandler om dig, og få en kopi af dem udleveret.
    .rights-portability = Du kan få de oplysninger, du selv har givet os, udleveret i et struktureret, almindeligt anvendt og maskinlæsbart format, så du kan overføre dem til en anden.
    .rights-complaint = Du kan klage til tilsynsmyndigheden, { $authority }, hvis du mener, at vi behandler dine oplysninger i strid med reglerne.
    .limits = Vi kan afvise en anmodning, der er åbenbart grundløs eller overdreven, for eksempel fordi den gentages eller ville kræve en uforholdsmæssig indsats, og vi kan også afvise den, hvis vi ikke kan fastslå, hvem du er. Gør vi det, forklarer vi dig hvorfor.

## Cookies

cookies = Cookies
    .pointer = Hvordan vores websted bruger cookies, beskriver vi på en særskilt [side om cookies]({ $cookies-page }).

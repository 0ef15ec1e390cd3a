### Personvernerklæring — norsk bokmål

## Dokument

policy = Personvernerklæring
    .intro = Her forklarer vi hvordan { $company } samler inn og bruker personopplysninger om besøkende på nettstedet vårt, om kontaktene våre og om samarbeidspartnerne våre.
    .lead = _Ønsker du å vite hvordan personvernet ivaretas i skytjenestene våre, finner du dette i stedet på [siden vår om personvern i skyen]({ $gdpr-page })._
    .dpa-title = databehandleravtale
    .dpa = Kunder som ønsker en kopi av databehandleravtalen vår, kan henvende seg til sin kundeansvarlige.

## Om oss

company = Om oss
    .about = { $company } (org.nr. { $org-number }) er et svensk selskap med et datterselskap i Norge. Vi leverer skytjenester – virtuelle servere, lagring og nettverk – til bedrifter og offentlige virksomheter og drifter dem fra datasentre i Sverige og Norge. Adressen til hovedkontoret vårt er { $street }, { $postcode } { $city }.

## Innsamling

collection = Slik samler vi inn personopplysninger
    .sources = De fleste personopplysningene vi har, har du gitt oss selv, for eksempel når du fyller ut et kontaktskjema på nettstedet vårt, skriver til oss eller melder deg på et av arrangementene, seminarene eller webinarene våre.
    .business = Når vi inngår et forretningsforhold med en kunde, en samarbeidspartner eller en leverandør, trenger vi i tillegg de personopplysningene som er nødvendige for å følge opp forholdet, for eksempel opplysninger om kontaktpersoner til fakturering, administrasjon og kontoforvaltning.

## Opplysninger og formål

data-and-purpose = Hvilke opplysninger vi behandler, og hvorfor
    .what = Det dreier seg stort sett om kontaktopplysninger: navnet ditt, e-postadressen din, telefonnummeret ditt, stillingstittelen din og organisasjonen du jobber i. Skulle vi en sjelden gang trenge andre opplysninger, sier vi fra om det når vi samler dem inn.
    .why = Vi bruker opplysningene til å svare på henvendelsene dine, til å holde deg orientert om { -brand }, tjenestene våre og kommende arrangementer, til å administrere arrangementer du har meldt deg på, og til å følge opp forholdet til kunder og leverandører, inkludert fakturering. Påmeldingsopplysningene bruker vi også til å holde uønskede deltakere, for eksempel spammere, borte fra de digitale arrangementene våre.

## Rettslig grunnlag

legal-basis = Rettslig grunnlag
    .basis = Vi behandler personopplysningene dine enten på grunnlag av samtykket ditt eller på grunnlag av vår berettigede interesse i å holde kontakten med kunder, potensielle kunder og samarbeidspartnere. Dersom personopplysninger overføres til et land utenfor EU/EØS, skjer det enten med ditt samtykke eller på grunnlag av EU-kommisjonens standard personvernbestemmelser.

## Lagring

storage = Slik lagrer vi opplysningene dine
    .where = Kontaktopplysninger lagres i kundesystemet vårt (CRM) i høyst { $crm-retention-months ->
        [one] { $crm-retention-months } måned
       *[other] { $crm-retention-months } måneder
    } etter siste kontakt med deg, eller til du ber oss slette dem, dersom det skjer før. Er du kunde eller leverandør, lagres opplysningene dine også i regnskapssystemet vårt så lenge bokføringsreglene krever det.

## Sletting og retting

erasure = Hvordan får jeg opplysningene mine slettet eller rettet?
    .how = Send en e-post til [{ $email }](mailto:{ $email }) og fortell oss hva du vil ha rettet eller slettet, så tar vi oss av resten.

## Tredjeland

third-countries = Overføring til tredjeland
    .transfers = Noen av verktøyene vi bruker til videomøter, kundeoppfølging og regnskap, leveres av leverandører med hovedsete utenfor EU/EØS. Personopplysninger – hovedsakelig kontaktopplysninger om personer vi har et kunde- eller markedsføringsforhold til – kan derfor bli overført til land utenfor EU/EØS. Slike overføringer skjer med de garantiene som er beskrevet under rettslig grunnlag ovenfor.

## Deling

sharing = Deling av personopplysninger
    .policy = Vi selger aldri personopplysningene dine, og vi utleverer dem ikke til tredjeparter. Det eneste unntaket er leverandører som behandler opplysninger på våre vegne, for eksempel leverandørene av CRM- og regnskapssystemene våre. De er databehandlerne våre, er bundet av en skriftlig avtale og kan bare handle etter våre instrukser.

## Andre rettigheter

other-rights = Dine andre rettigheter
    .questions = Du er alltid velkommen til å skrive til oss på [{ $email }](mailto:{ $email }) hvis du har spørsmål om rettighetene dine.
    .rights-object = Du kan når som helst protestere mot at vi behandler personopplysningene dine. Vi stanser da behandlingen med mindre vi har tvingende berettigede grunner til å fortsette, og vi slutter alltid å bruke opplysningene dine til markedsføring hvis du ber om det.
    .rights-access = Du kan få innsyn i hvilke personopplysninger vi behandler om deg, og få en kopi av dem.
    .rights-portability = Du kan få utlevert opplysningene du selv har gitt oss, i et strukturert, alminnelig anvendt og maskinlesbart format, slik at du kan overføre dem til noen andre.
    .rights-complaint = Du kan klage til tilsynsmyndigheten, { $authority }, hvis du mener at vi behandler opplysningene dine i strid med regelverket.
    .limits = Vi kan avslå en anmodning som er åpenbart grunnløs eller urimelig, for eksempel fordi den gjentas eller ville kreve en uforholdsmessig innsats, og vi kan også avslå den hvis vi ikke kan fastslå hvem du er. Gjør vi det, forklarer vi hvorfor.

## Informasjonskapsler

cookies = Informasjonskapsler (cookies)
    .pointer = Hvordan nettstedet vårt bruker informasjonskapsler, beskriver vi på en egen [side om informasjonskapsler]({ $cookies-page }).

### Databehandleraftale — dansk

## Dokument

policy = Databehandleraftale
    .intro = Vilkårene for, hvordan { $company } behandler personoplysninger på vegne af sine kunder, når de bruger vores skytjenester.
    .lead = Denne aftale fastlægger, hvordan { $company } som databehandler håndterer personoplysninger på vegne af kunder, der bruger skytjenester fra { -brand }. Version { $version } gælder fra { $effective } og erstatter alle tidligere versioner.

definitions = Definitioner
    .terms-controller-term = Dataansvarlig
    .terms-controller = kunden, der bestemmer, hvorfor og hvordan personoplysninger behandles.
    .terms-processor-term = Databehandler
    .terms-processor = { $company }, som behandler personoplysninger på vegne af den dataansvarlige i henhold til denne aftale.
    .terms-sub-processor-term = Underdatabehandler
    .terms-sub-processor = en anden virksomhed, som databehandleren lader udføre en del af behandlingen.
    .terms-breach-term = Brud på persondatasikkerheden
    .terms-breach = en sikkerhedshændelse, der fører til, at personoplysninger går tabt, ændres, videregives eller tilgås uden tilladelse.

## Parter

parties = Parter
    .who = Denne aftale indgås mellem kunden som dataansvarlig (den **dataansvarlige**) og { $company }, org.nr. { $org-number }, som databehandler (**databehandleren**), i fællesskab benævnt parterne. Spørgsmål om aftalen kan rettes til [{ $email }](mailto:{ $email }).

## Aftalens omfang

scope = Aftalens omfang
    .intro = Denne aftale supplerer aftalen mellem parterne om levering af skytjenester (hovedaftalen). Den gælder for al behandling af personoplysninger, som databehandleren udfører på vegne af den dataansvarlige i henhold til hovedaftalen, og i spørgsmål om databeskyttelse har den forrang for hovedaftalen.

subject-matter = Behandlingens genstand og karakter
    .what = Databehandleren behandler udelukkende personoplysninger for at levere de skytjenester, som den dataansvarlige har bestilt: drift af infrastrukturen, lagring og overførsel af data, sikkerhedskopiering, support og fakturering af tjenesterne. Databehandleren behandler ikke oplysningerne til egne formål.

data-categories = Kategorier af oplysninger og registrerede
    .intro = Det er alene den dataansvarlige, der bestemmer, hvilke personoplysninger der lagres i tjenesterne, og hvem de vedrører – typisk egne medarbejdere, kunder og brugere. Derudover behandler databehandleren følgende kategorier for at kunne levere tjenesterne:
    .categories-category = Kategori
    .categories-examples = Eksempler
    .categories-retention = Opbevaring
    .categories-contact-category = Kontaktoplysninger
    .categories-contact-examples = Navne, e-mailadresser og telefonnumre på den dataansvarliges brugere og kontaktpersoner
    .categories-contact-retention = Så længe hovedaftalen er i kraft
    .categories-billing-category = Faktureringsoplysninger
    .categories-billing-examples = Fakturamodtagere, faktureringsadresser, ordrereferencer og forbrugsdata
    .categories-billing-retention = Så længe bogføringslovgivningen kræver det
    .categories-technical-category = Tekniske oplysninger
    .categories-technical-examples = IP-adresser, logposter, konto-id'er og API-nøgler
    .categories-technical-retention = Indtil de ikke længere er nødvendige for drift, fejlfinding og sikkerhed

duration = Varighed
    .term = Aftalen træder i kraft, når hovedaftalen underskrives, og gælder, så længe databehandleren behandler personoplysninger på vegne af den dataansvarlige. Hvad der sker med oplysningerne, når aftalen ophører, fremgår af punkt { SECTION("termination", show: "number") }.

## Forpligtelser

obligations = Databehandlerens forpligtelser
    .intro = Ved behandling af personoplysninger i henhold til denne aftale forpligter databehandleren sig til følgende:
    .duties-instructions-label = Dokumenteret instruks
    .duties-instructions = Databehandleren behandler kun personoplysninger efter dokumenteret instruks fra den dataansvarlige, også når det gælder overførsel til tredjelande, medmindre EU-retten eller national ret kræver andet. Finder databehandleren, at en instruks er i strid med databeskyttelsesreglerne, underretter den straks den dataansvarlige.
    .duties-confidentiality-label = Fortrolighed
    .duties-confidentiality = Databehandleren sikrer, at alle, der har adgang til personoplysningerne – både medarbejdere og konsulenter – har tavshedspligt og kun har adgang i det omfang, deres arbejde kræver det.
    .duties-assistance-label = Bistand til den dataansvarlige
    .duties-assistance = Under hensyntagen til behandlingens karakter bistår databehandleren den dataansvarlige med at besvare anmodninger fra registrerede, der udøver deres rettigheder, og med at opfylde forpligtelserne vedrørende sikkerhed, konsekvensanalyser og forudgående høring.
    .duties-records-label = Fortegnelse over behandlinger
    .duties-records = Databehandleren fører en fortegnelse over de behandlinger, der udføres på vegne af den dataansvarlige, og stiller alle oplysninger, der er nødvendige for at påvise, at denne aftale overholdes, til rådighed for den dataansvarlige, herunder ved revisioner og inspektioner.

## Underdatabehandlere

subprocessors = Underdatabehandlere
    .consent = Den dataansvarlige giver databehandleren en generel godkendelse til at anvende underdatabehandlere. Databehandleren offentliggør enhver ny eller udskiftet underdatabehandler på [vores liste over underdatabehandlere]({ $subprocessor-page }) mindst { $notice-days ->
        [one] { $notice-days } dag
       *[other] { $notice-days } dage
    } før ændringen får virkning, og den dataansvarlige kan gøre indsigelse mod ændringen inden for denne frist. Hver underdatabehandler er bundet af en skriftlig aftale, der pålægger den de samme databeskyttelsesforpligtelser som denne aftale, og databehandleren forbliver fuldt ansvarlig over for den dataansvarlige for sine underdatabehandlere. Databehandleren anvender i dag følgende underdatabehandlere:
    .current-name = Underdatabehandler
    .current-service = Ydelse
    .current-country = Land
    .current-affiliate-name = Vores datterselskab i Norge
    .current-affiliate-service = Kundesupport
    .current-affiliate-country = Norge
    .current-service-cell = { $service ->
        [hosting] Datacenter og hosting
        [network] Netværk og forbindelser
        [email] Afsendelse af e-mail
       *[other] { $service }
    }
    .current-country-cell = { $country ->
        [SE] Sverige
        [NO] Norge
       *[other] { $country }
    }

## Sikkerhed

security = Behandlingssikkerhed
    .measures = Databehandleren træffer passende tekniske og organisatoriske foranstaltninger for at beskytte personoplysningerne mod hændelig eller ulovlig tilintetgørelse, tab, ændring, uautoriseret videregivelse og uautoriseret adgang under hensyntagen til det aktuelle tekniske niveau, implementeringsomkostningerne og de risici, som behandlingen indebærer. Foranstaltningerne omfatter navnlig:
    .controls-encryption = kryptering af data under overførsel og, hvor tjenesten giver mulighed for det, ved lagring;
    .controls-access = adgangsstyring efter princippet om mindste privilegium med personlige konti, flerfaktorgodkendelse og logning af administrativ adgang;
    .controls-backups = regelmæssig sikkerhedskopiering, der opbevares adskilt fra produktionsmiljøet, og faste procedurer for genskabelse;
    .controls-testing = regelmæssig afprøvning og vurdering af foranstaltningernes effektivitet, herunder sårbarhedsscanning og penetrationstest.

breach = Brud på persondatasikkerheden
    .notify = Bliver databehandleren opmærksom på et brud på persondatasikkerheden, der berører den dataansvarliges oplysninger, underretter databehandleren den dataansvarlige uden unødig forsinkelse og senest { $breach-notice-hours ->
        [one] { $breach-notice-hours } time
       *[other] { $breach-notice-hours } timer
    } derefter. Underretningen beskriver, så vidt det er kendt på tidspunktet, bruddets karakter, de berørte kategorier og det omtrentlige antal registrerede, de sandsynlige konsekvenser og de foranstaltninger, der er truffet eller foreslås, så den dataansvarlige kan opfylde sine egne forpligtelser. Afslører et brud svagheder i de foranstaltninger, der er beskrevet i punkt { SECTION("security", show: "number") }, udbedrer databehandleren dem.
    .contact-title = Anmeldelse af sikkerhedshændelser
    .contact = Sikkerhedshændelser kan til enhver tid anmeldes til databehandleren på [{ $security-email }](mailto:{ $security-email }).

## Ophør

termination = Ophør
    .return = Når aftalen ophører, skal databehandleren efter den dataansvarliges valg enten tilbagelevere eller slette alle personoplysninger, der er behandlet på dennes vegne (se { SECTION("data-categories") }), og det skal ske inden for { $deletion-days ->
        [one] { $deletion-days } dag
       *[other] { $deletion-days } dage
    }. Det samme gælder for databehandlerens underdatabehandlere (se { SECTION("subprocessors") }). Databehandleren må kun beholde oplysninger, hvis EU-retten eller national ret kræver, at de opbevares, og i så fald kun så længe det kræves og under denne aftales beskyttelse. Efter anmodning bekræfter databehandleren sletningen skriftligt.

contacts = Bilag: Kontaktpunkter
    .who = Spørgsmål om denne aftale sendes til { $email }. Sikkerhedshændelser, herunder de brud på persondatasikkerheden, som { SECTION("breach") } omhandler, anmeldes til { $security-email } på ethvert tidspunkt af døgnet.

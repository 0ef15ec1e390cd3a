### Databehandleravtale — norsk bokmål

## Dokument

policy = Databehandleravtale
    .intro = Vilkårene for hvordan { $company } behandler personopplysninger på vegne av kundene sine når de bruker skytjenestene våre.
    .lead = Denne avtalen fastsetter hvordan { $company } som databehandler håndterer personopplysninger på vegne av kunder som bruker skytjenester fra { -brand }. Versjon { $version } gjelder fra { $effective } og erstatter alle tidligere versjoner.

definitions = Definisjoner
    .terms-controller-term = Behandlingsansvarlig
    .terms-controller = kunden, som bestemmer hvorfor og hvordan personopplysninger behandles.
    .terms-processor-term = Databehandler
    .terms-processor = { $company }, som behandler personopplysninger på vegne av den behandlingsansvarlige etter denne avtalen.
    .terms-sub-processor-term = Underdatabehandler
    .terms-sub-processor = et annet selskap som databehandleren bruker til å utføre en del av behandlingen.
    .terms-breach-term = Brudd på personopplysningssikkerheten
    .terms-breach = en sikkerhetshendelse som fører til at personopplysninger går tapt, endres, utleveres eller blir tilgjengelige uten tillatelse.

## Parter

parties = Parter
    .who = Denne avtalen inngås mellom kunden som behandlingsansvarlig (**den behandlingsansvarlige**) og { $company }, org.nr. { $org-number }, som databehandler (**databehandleren**), heretter samlet kalt partene. Spørsmål om avtalen kan sendes til [{ $email }](mailto:{ $email }).

## Avtalens omfang

scope = Avtalens omfang
    .intro = Denne avtalen utfyller avtalen mellom partene om levering av skytjenester (hovedavtalen). Den gjelder all behandling av personopplysninger som databehandleren utfører på vegne av den behandlingsansvarlige i henhold til hovedavtalen, og i spørsmål om personvern går den foran hovedavtalen.

subject-matter = Behandlingens gjenstand og art
    .what = Databehandleren behandler personopplysninger utelukkende for å levere skytjenestene den behandlingsansvarlige har bestilt: drift av infrastrukturen, lagring og overføring av data, sikkerhetskopiering, brukerstøtte og fakturering av tjenestene. Databehandleren behandler ikke opplysningene til egne formål.

data-categories = Kategorier av opplysninger og registrerte
    .intro = Det er den behandlingsansvarlige alene som bestemmer hvilke personopplysninger som lagres i tjenestene, og hvem de gjelder – vanligvis egne ansatte, kunder og brukere. I tillegg behandler databehandleren følgende kategorier for å kunne levere tjenestene:
    .categories-category = Kategori
    .categories-examples = Eksempler
    .categories-retention = Lagringstid
    .categories-contact-category = Kontaktopplysninger
    .categories-contact-examples = Navn, e-postadresser og telefonnumre til den behandlingsansvarliges brukere og kontaktpersoner
    .categories-contact-retention = Så lenge hovedavtalen gjelder
    .categories-billing-category = Faktureringsopplysninger
    .categories-billing-examples = Fakturamottakere, fakturaadresser, ordrereferanser og forbruksdata
    .categories-billing-retention = Så lenge bokføringsregelverket krever det
    .categories-technical-category = Tekniske opplysninger
    .categories-technical-examples = IP-adresser, loggoppføringer, konto-ID-er og API-nøkler
    .categories-technical-retention = Til de ikke lenger trengs for drift, feilsøking og sikkerhet

duration = Varighet
    .term = Avtalen trer i kraft når hovedavtalen signeres, og gjelder så lenge databehandleren behandler personopplysninger på vegne av den behandlingsansvarlige. Hva som skjer med opplysningene når avtalen opphører, fremgår av punkt { SECTION("termination", show: "number") }.

## Plikter

obligations = Databehandlerens plikter
    .intro = Ved behandling av personopplysninger etter denne avtalen forplikter databehandleren seg til følgende:
    .duties-instructions-label = Dokumenterte instrukser
    .duties-instructions = Databehandleren behandler personopplysninger bare etter dokumenterte instrukser fra den behandlingsansvarlige, også når det gjelder overføring til tredjeland, med mindre lovgivning i EU/EØS eller nasjonal rett krever noe annet. Mener databehandleren at en instruks er i strid med personvernregelverket, skal den behandlingsansvarlige varsles umiddelbart.
    .duties-confidentiality-label = Taushetsplikt
    .duties-confidentiality = Databehandleren sørger for at alle som har tilgang til personopplysningene – både ansatte og innleide konsulenter – har taushetsplikt og bare har den tilgangen arbeidet deres krever.
    .duties-assistance-label = Bistand til behandlingsansvarlig
    .duties-assistance = Ut fra behandlingens art bistår databehandleren den behandlingsansvarlige med å besvare forespørsler fra registrerte som utøver rettighetene sine, og med å oppfylle pliktene knyttet til sikkerhet, vurderinger av personvernkonsekvenser og forhåndsdrøftinger.
    .duties-records-label = Protokoll over behandlinger
    .duties-records = Databehandleren fører en protokoll over behandlingen som utføres på vegne av den behandlingsansvarlige, og gjør all informasjon som trengs for å påvise at denne avtalen overholdes, tilgjengelig for den behandlingsansvarlige, også ved revisjoner og inspeksjoner.

## Underdatabehandlere

subprocessors = Underdatabehandlere
    .consent = Den behandlingsansvarlige gir databehandleren en generell godkjenning til å bruke underdatabehandlere. Databehandleren kunngjør enhver ny eller erstattet underdatabehandler på [listen vår over underdatabehandlere]({ $subprocessor-page }) minst { $notice-days ->
        [one] { $notice-days } dag
       *[other] { $notice-days } dager
    } før endringen trer i kraft, og den behandlingsansvarlige kan protestere mot endringen innen denne fristen. Hver underdatabehandler er bundet av en skriftlig avtale med de samme personvernforpliktelsene som denne avtalen, og databehandleren er fullt ansvarlig overfor den behandlingsansvarlige for sine underdatabehandlere. Databehandleren bruker i dag følgende underdatabehandlere:
    .current-name = Underdatabehandler
    .current-service = Tjeneste
    .current-country = Land
    .current-affiliate-name = Vårt datterselskap i Norge
    .current-affiliate-service = Kundestøtte
    .current-affiliate-country = Norge
    .current-service-cell = { $service ->
        [hosting] Datasenter og drift
        [network] Nettverk og tilkobling
        [email] Utsending av e-post
       *[other] { $service }
    }
    .current-country-cell = { $country ->
        [SE] Sverige
        [NO] Norge
       *[other] { $country }
    }

## Sikkerhet

security = Sikkerhet ved behandlingen
    .measures = Databehandleren gjennomfører egnede tekniske og organisatoriske tiltak for å beskytte personopplysningene mot utilsiktet eller ulovlig tilintetgjøring, tap, endring, ikke-autorisert utlevering og ikke-autorisert tilgang, tatt i betraktning den tekniske utviklingen, gjennomføringskostnadene og risikoene behandlingen medfører. Tiltakene omfatter særlig:
    .controls-encryption = kryptering av data under overføring og, der tjenesten gir mulighet for det, ved lagring;
    .controls-access = tilgangsstyring etter prinsippet om minste privilegium, med personlige kontoer, flerfaktorautentisering og logging av administrativ tilgang;
    .controls-backups = regelmessig sikkerhetskopiering som oppbevares atskilt fra produksjonsmiljøet, og faste rutiner for gjenoppretting;
    .controls-testing = regelmessig testing og vurdering av hvor effektive tiltakene er, blant annet sårbarhetsskanning og penetrasjonstesting.

breach = Brudd på personopplysningssikkerheten
    .notify = Blir databehandleren kjent med et brudd på personopplysningssikkerheten som berører den behandlingsansvarliges opplysninger, skal den behandlingsansvarlige varsles uten ugrunnet opphold og senest { $breach-notice-hours ->
        [one] { $breach-notice-hours } time
       *[other] { $breach-notice-hours } timer
    } etter at databehandleren ble kjent med bruddet. Varselet beskriver, så langt det da er kjent, bruddets art, de berørte kategoriene og omtrentlig antall registrerte, de sannsynlige konsekvensene og tiltakene som er iverksatt eller foreslått, slik at den behandlingsansvarlige kan oppfylle sine egne plikter. Avdekker et brudd svakheter i tiltakene som er beskrevet i punkt { SECTION("security", show: "number") }, utbedrer databehandleren dem.
    .contact-title = Varsling av sikkerhetshendelser
    .contact = Sikkerhetshendelser kan når som helst meldes til databehandleren på [{ $security-email }](mailto:{ $security-email }).

## Opphør

termination = Opphør
    .return = Når avtalen opphører, skal databehandleren etter den behandlingsansvarliges valg enten tilbakelevere eller slette alle personopplysninger som er behandlet på dennes vegne (se { SECTION("data-categories") }), og dette skal skje innen { $deletion-days ->
        [one] { $deletion-days } dag
       *[other] { $deletion-days } dager
    }. Det samme gjelder databehandlerens underdatabehandlere (se { SECTION("subprocessors") }). Databehandleren kan bare beholde opplysninger dersom lovgivning i EU/EØS eller nasjonal rett krever at de lagres, og da bare så lenge det kreves og med den beskyttelsen denne avtalen gir. Etter forespørsel bekrefter databehandleren skriftlig at opplysningene er slettet.

contacts = Vedlegg: Kontaktpunkter
    .who = Spørsmål om denne avtalen sendes til { $email }. Sikkerhetshendelser, også brudd på personopplysningssikkerheten som { SECTION("breach") } omhandler, meldes til { $security-email } når som helst på døgnet.

### Personuppgiftsbiträdesavtal — svenska

## Dokument

policy = Personuppgiftsbiträdesavtal
    .intro = Villkoren för hur { $company } behandlar personuppgifter för sina kunders räkning när de använder våra molntjänster.
    .lead = Detta avtal reglerar hur { $company } i egenskap av personuppgiftsbiträde hanterar personuppgifter för räkning av kunder som använder molntjänster från { -brand }. Version { $version } gäller från och med { $effective } och ersätter alla tidigare versioner.

definitions = Definitioner
    .terms-controller-term = Personuppgiftsansvarig
    .terms-controller = kunden, som bestämmer varför och hur personuppgifter behandlas.
    .terms-processor-term = Personuppgiftsbiträde
    .terms-processor = { $company }, som behandlar personuppgifter för den personuppgiftsansvariges räkning enligt detta avtal.
    .terms-sub-processor-term = Underbiträde
    .terms-sub-processor = ett annat företag som personuppgiftsbiträdet anlitar för att utföra en del av behandlingen.
    .terms-breach-term = Personuppgiftsincident
    .terms-breach = en säkerhetshändelse som leder till att personuppgifter går förlorade, ändras, lämnas ut eller blir åtkomliga utan behörighet.

## Parter

parties = Parter
    .who = Detta avtal ingås mellan kunden i egenskap av personuppgiftsansvarig (den **personuppgiftsansvarige**) och { $company }, org.nr { $org-number }, i egenskap av personuppgiftsbiträde (**biträdet**), gemensamt kallade parterna. Frågor om avtalet kan skickas till [{ $email }](mailto:{ $email }).

## Avtalets omfattning

scope = Avtalets omfattning
    .intro = Detta avtal kompletterar avtalet mellan parterna om leverans av molntjänster (huvudavtalet). Det gäller all behandling av personuppgifter som biträdet utför för den personuppgiftsansvariges räkning enligt huvudavtalet och har i dataskyddsfrågor företräde framför huvudavtalet.

subject-matter = Behandlingens föremål och art
    .what = Biträdet behandlar personuppgifter enbart för att leverera de molntjänster som den personuppgiftsansvarige har beställt: drift av infrastrukturen, lagring och överföring av data, säkerhetskopiering, support och fakturering av tjänsterna. Biträdet behandlar inte uppgifterna för några egna ändamål.

data-categories = Kategorier av uppgifter och registrerade
    .intro = Det är enbart den personuppgiftsansvarige som bestämmer vilka personuppgifter som lagras i tjänsterna och vilka personer de avser – vanligtvis egna anställda, kunder och användare. Därutöver behandlar biträdet följande kategorier för att kunna leverera tjänsterna:
    .categories-category = Kategori
    .categories-examples = Exempel
    .categories-retention = Lagringstid
    .categories-contact-category = Kontaktuppgifter
    .categories-contact-examples = Namn, e-postadresser och telefonnummer till den personuppgiftsansvariges användare och kontaktpersoner
    .categories-contact-retention = Så länge huvudavtalet gäller
    .categories-billing-category = Faktureringsuppgifter
    .categories-billing-examples = Fakturamottagare, fakturaadresser, orderreferenser och förbrukningsuppgifter
    .categories-billing-retention = Så länge bokföringslagstiftningen kräver det
    .categories-technical-category = Tekniska uppgifter
    .categories-technical-examples = IP-adresser, loggposter, konto-id:n och API-nycklar
    .categories-technical-retention = Tills de inte längre behövs för drift, felsökning och säkerhet

duration = Giltighetstid
    .term = Avtalet träder i kraft när huvudavtalet undertecknas och gäller så länge biträdet behandlar personuppgifter för den personuppgiftsansvariges räkning. Vad som händer med uppgifterna när avtalet upphör framgår av punkt { SECTION("termination", show: "number") }.

## Skyldigheter

obligations = Biträdets skyldigheter
    .intro = Vid behandling av personuppgifter enligt detta avtal åtar sig biträdet följande:
    .duties-instructions-label = Dokumenterade instruktioner
    .duties-instructions = Biträdet behandlar personuppgifter endast enligt dokumenterade instruktioner från den personuppgiftsansvarige, även när det gäller överföring till tredjeland, om inte unionsrätten eller nationell rätt kräver något annat. Anser biträdet att en instruktion strider mot dataskyddsreglerna ska det utan dröjsmål informera den personuppgiftsansvarige.
    .duties-confidentiality-label = Tystnadsplikt
    .duties-confidentiality = Biträdet ser till att alla som har tillgång till personuppgifterna – både anställda och konsulter – omfattas av tystnadsplikt och endast har den åtkomst som deras arbete kräver.
    .duties-assistance-label = Stöd till den personuppgiftsansvarige
    .duties-assistance = Med hänsyn till behandlingens art bistår biträdet den personuppgiftsansvarige med att besvara begäranden från registrerade som utövar sina rättigheter och med att fullgöra skyldigheterna avseende säkerhet, konsekvensbedömningar och förhandssamråd.
    .duties-records-label = Register över behandlingar
    .duties-records = Biträdet för ett register över den behandling som utförs för den personuppgiftsansvariges räkning och ger den personuppgiftsansvarige tillgång till all information som behövs för att visa att detta avtal efterlevs, även vid granskningar och inspektioner.

## Underbiträden

subprocessors = Underbiträden
    .consent = Den personuppgiftsansvarige ger biträdet ett allmänt tillstånd att anlita underbiträden. Biträdet informerar om varje nytt eller ersatt underbiträde i [vår förteckning över underbiträden]({ $subprocessor-page }) minst { $notice-days ->
        [one] { $notice-days } dag
       *[other] { $notice-days } dagar
    } innan ändringen får verkan, och den personuppgiftsansvarige kan invända mot ändringen inom denna frist. Varje underbiträde är bundet av ett skriftligt avtal med samma dataskyddsskyldigheter som detta avtal, och biträdet ansvarar fullt ut gentemot den personuppgiftsansvarige för sina underbiträden. Biträdet anlitar för närvarande följande underbiträden:
    .current-name = Underbiträde
    .current-service = Tjänst
    .current-country = Land
    .current-affiliate-name = Vårt dotterbolag i Norge
    .current-affiliate-service = Kundsupport
    .current-affiliate-country = Norge
    .current-service-cell = { $service ->
        [hosting] Datacenter och drift
        [network] Nätverk och förbindelser
        [email] Utskick av e-post
       *[other] { $service }
    }
    .current-country-cell = { $country ->
        [SE] Sverige
        [NO] Norge
       *[other] { $country }
    }

## Säkerhet

security = Säkerhet i behandlingen
    .measures = Biträdet vidtar lämpliga tekniska och organisatoriska åtgärder för att skydda personuppgifterna mot oavsiktlig eller olaglig förstöring, förlust, ändring, obehörigt röjande och obehörig åtkomst, med beaktande av den senaste utvecklingen, genomförandekostnaderna och de risker som behandlingen medför. Åtgärderna omfattar särskilt:
    .controls-encryption = kryptering av data under överföring och, där tjänsten medger det, vid lagring;
    .controls-access = behörighetsstyrning enligt principen om minsta behörighet, med personliga konton, flerfaktorsautentisering och loggning av administrativ åtkomst;
    .controls-backups = regelbunden säkerhetskopiering som förvaras åtskild från produktionsmiljön, samt fastställda rutiner för återläsning;
    .controls-testing = regelbunden testning och utvärdering av åtgärdernas effektivitet, bland annat sårbarhetsskanning och penetrationstester.

breach = Personuppgiftsincidenter
    .notify = Om biträdet får kännedom om en personuppgiftsincident som berör den personuppgiftsansvariges uppgifter ska biträdet underrätta den personuppgiftsansvarige utan onödigt dröjsmål och senast { $breach-notice-hours ->
        [one] { $breach-notice-hours } timme
       *[other] { $breach-notice-hours } timmar
    } därefter. Underrättelsen beskriver, i den mån det då är känt, incidentens art, berörda kategorier och ungefärligt antal registrerade, de sannolika följderna och de åtgärder som har vidtagits eller föreslås, så att den personuppgiftsansvarige kan fullgöra sina egna skyldigheter. Visar en incident på brister i de åtgärder som beskrivs i punkt { SECTION("security", show: "number") } åtgärdar biträdet dem.
    .contact-title = Rapportera säkerhetsincidenter
    .contact = Säkerhetsincidenter kan när som helst rapporteras till biträdet på [{ $security-email }](mailto:{ $security-email }).

## Upphörande

termination = Upphörande
    .return = När avtalet upphör ska biträdet, enligt den personuppgiftsansvariges val, återlämna eller radera alla personuppgifter som har behandlats för dennes räkning (se { SECTION("data-categories") }), och detta ska ske inom { $deletion-days ->
        [one] { $deletion-days } dag
       *[other] { $deletion-days } dagar
    }. Detsamma gäller biträdets underbiträden (se { SECTION("subprocessors") }). Biträdet får behålla uppgifter endast om unionsrätten eller nationell rätt kräver att de lagras, och då bara så länge det krävs och under detta avtals skydd. På begäran bekräftar biträdet raderingen skriftligen.

contacts = Bilaga: Kontaktvägar
    .who = Frågor om detta avtal skickas till { $email }. Säkerhetshändelser, däribland de personuppgiftsincidenter som { SECTION("breach") } handlar om, anmäls till { $security-email } när som helst på dygnet.

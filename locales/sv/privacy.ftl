### Personuppgiftshantering — svenska

## Dokument

policy = Personuppgiftshantering
    .intro = Här beskriver vi hur { $company } samlar in och använder personuppgifter om besökare på vår webbplats, om våra kontakter och om våra samarbetspartner.
    .lead = _Vill du veta hur dataskyddet hanteras i våra molntjänster hittar du i stället den informationen på [vår sida om dataskydd i molnet]({ $gdpr-page })._
    .dpa-title = personuppgiftsbiträdesavtal
    .dpa = Kunder som vill ta del av vårt personuppgiftsbiträdesavtal är välkomna att vända sig till sin kundansvarige.

## Om oss

company = Om oss
    .about = { $company } (org.nr { $org-number }) är ett svenskt företag med ett dotterbolag i Norge. Vi levererar molntjänster – virtuella servrar, lagring och nätverk – till företag och offentliga organisationer och driver dem från datacenter i Sverige och Norge. Vårt huvudkontor har adressen { $street }, { $postcode } { $city }.

## Insamling

collection = Så samlar vi in personuppgifter
    .sources = De flesta personuppgifter vi har får vi direkt från dig, till exempel när du fyller i ett kontaktformulär på vår webbplats, skriver till oss eller anmäler dig till något av våra evenemang, seminarier eller webbinarier.
    .business = När vi inleder en affärsrelation med en kund, en samarbetspartner eller en leverantör behöver vi dessutom de personuppgifter som krävs för att sköta relationen, till exempel uppgifter om kontaktpersoner för fakturering, administration och kontohantering.

## Uppgifter och ändamål

data-and-purpose = Vilka uppgifter vi behandlar och varför
    .what = Det rör sig till största delen om kontaktuppgifter: ditt namn, din e-postadress, ditt telefonnummer, din befattning och den organisation du arbetar för. Skulle vi någon gång behöva samla in något utöver detta talar vi om det för dig i samband med insamlingen.
    .why = Vi använder uppgifterna för att besvara dina frågor, för att hålla dig informerad om { -brand }, våra tjänster och kommande evenemang, för att administrera evenemang som du har anmält dig till och för att sköta våra kund- och leverantörsrelationer, inklusive fakturering. Anmälningsuppgifterna använder vi också för att hålla oönskade deltagare, till exempel spammare, borta från våra digitala evenemang.

## Rättslig grund

legal-basis = Rättslig grund
    .basis = Vi behandlar dina personuppgifter antingen med stöd av ditt samtycke eller med stöd av vårt berättigade intresse av att hålla kontakten med kunder, potentiella kunder och samarbetspartner. Om personuppgifter överförs till ett land utanför EU/EES sker det antingen med ditt samtycke eller med stöd av Europeiska kommissionens standardavtalsklausuler.

## Lagring

storage = Så lagrar vi dina uppgifter
    .where = Kontaktuppgifter sparas i vårt kundregister (CRM) i högst { $crm-retention-months ->
        [one] { $crm-retention-months } månad
       *[other] { $crm-retention-months } månader
    } efter vår senaste kontakt med dig, eller tills du ber oss ta bort dem om det sker tidigare. Är du kund eller leverantör sparas dina uppgifter även i vårt bokföringssystem så länge bokföringsreglerna kräver det.

## Radering och rättelse

erasure = Hur får jag mina uppgifter raderade eller rättade?
    .how = Skicka ett mejl till [{ $email }](mailto:{ $email }) och berätta vad du vill ha rättat eller borttaget, så tar vi hand om resten.

## Tredjeland

third-countries = Överföring till tredjeland
    .transfers = En del av de verktyg vi använder för videomöten, kundrelationer och bokföring tillhandahålls av leverantörer med säte utanför EU/EES. Personuppgifter – främst kontaktuppgifter till personer som vi har en kund- eller marknadsföringsrelation med – kan därför komma att överföras till länder utanför EU/EES. Sådana överföringar sker med de skyddsåtgärder som beskrivs under rättslig grund ovan.

## Utlämnande

sharing = Delning av personuppgifter
    .policy = Vi säljer aldrig dina personuppgifter och lämnar inte ut dem till tredje part. Det enda undantaget är leverantörer som behandlar uppgifter för vår räkning, till exempel leverantörerna av våra CRM- och bokföringssystem. De är våra personuppgiftsbiträden, är bundna av ett skriftligt avtal och får endast agera enligt våra instruktioner.

## Andra rättigheter

other-rights = Dina andra rättigheter
    .questions = Du är alltid välkommen att skriva till oss på [{ $email }](mailto:{ $email }) om du har frågor om dina rättigheter.
    .rights-object = Du kan när som helst invända mot vår behandling av dina personuppgifter. Vi upphör då med behandlingen, om vi inte har tvingande berättigade skäl att fortsätta, och vi slutar alltid att använda dina uppgifter för marknadsföring om du ber oss om det.
    .rights-access = Du kan få veta vilka personuppgifter vi behandlar om dig och få en kopia av dem.
    .rights-portability = Du kan få ut de uppgifter som du själv har lämnat till oss i ett strukturerat, allmänt använt och maskinläsbart format, så att du kan föra över dem till någon annan.
    .rights-complaint = Du kan lämna in ett klagomål till tillsynsmyndigheten, { $authority }, om du anser att vi behandlar dina uppgifter i strid med reglerna.
    .limits = Vi kan avslå en begäran som är uppenbart ogrundad eller orimlig, till exempel för att den upprepas eller skulle kräva en oproportionerlig arbetsinsats, och vi kan också avslå den om vi inte kan fastställa vem du är. Gör vi det förklarar vi varför.

## Kakor

cookies = Kakor (cookies)
    .pointer = Hur vår webbplats använder kakor beskriver vi på en särskild [sida om kakor]({ $cookies-page }).

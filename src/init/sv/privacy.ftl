### Exempel på en integritetspolicy: den svenska texten. Ett meddelande per
### avsnitt i policies/privacy.toml; värdet är rubriken, varje block ett attribut.

policy = Integritetspolicy
    .intro = Så behandlar { $company } personuppgifter om dem som kontaktar oss.
    .lead = Den här policyn är kort med avsikt: den berättar vad vi sparar, varför och hur länge.
    .changes-title = Ändringar i den här policyn
    .changes = Vi publicerar varje ny version av den här policyn på den här sidan. Detta är version { $version }, publicerad { $published }.

who-we-are = Vilka vi är
    .about = { $company } bestämmer hur de personuppgifter som beskrivs här används och ansvarar för det.

what-we-collect = Vad vi samlar in
    .intro = Vi sparar bara det vi behöver för att kunna svara dig:
    .data-contact = ditt namn och din e-postadress,
    .data-messages = det du skriver till oss,
    .data-usage = och när du skrev det.
    .retention = Vi raderar uppgifterna { $retention-months ->
        [one] en månad
       *[other] { $retention-months } månader
    } efter vår senaste kontakt med dig.

your-rights = Dina rättigheter
    .ask = Du kan be att få se, rätta eller radera det vi har om dig. Skriv till [{ $email }](mailto:{ $email }) så svarar vi inom en månad.

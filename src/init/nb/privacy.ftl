### Eksempel på en personvernerklæring: den norske teksten (bokmål). Én melding
### per avsnitt i policies/privacy.toml; verdien er overskriften, hver blokk et attributt.

policy = Personvernerklæring
    .intro = Slik behandler { $company } personopplysninger om dem som kontakter oss.
    .lead = Denne erklæringen er kort med vilje: den forteller hva vi lagrer, hvorfor og hvor lenge.
    .changes-title = Endringer i denne erklæringen
    .changes = Vi publiserer hver nye versjon av denne erklæringen på denne siden. Dette er versjon { $version }, publisert { $published }.

who-we-are = Hvem vi er
    .about = { $company } bestemmer hvordan personopplysningene som er beskrevet her, brukes, og står ansvarlig for det.

what-we-collect = Hva vi samler inn
    .intro = Vi lagrer bare det vi trenger for å svare deg:
    .data-contact = navnet ditt og e-postadressen din,
    .data-messages = det du skriver til oss,
    .data-usage = og når du skrev det.
    .retention = Vi sletter disse opplysningene { $retention-months ->
        [one] én måned
       *[other] { $retention-months } måneder
    } etter vår siste kontakt med deg.

your-rights = Dine rettigheter
    .ask = Du kan be om å se, rette eller slette det vi har om deg. Skriv til [{ $email }](mailto:{ $email }), så svarer vi innen en måned.

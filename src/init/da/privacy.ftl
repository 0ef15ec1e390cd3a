### Eksempel på en privatlivspolitik: den danske tekst. Én besked pr. afsnit i
### policies/privacy.toml; værdien er overskriften, hver blok en attribut.

policy = Privatlivspolitik
    .intro = Sådan behandler { $company } personoplysninger om dem, der kontakter os.
    .lead = Denne politik er kort med vilje: den fortæller, hvad vi gemmer, hvorfor og hvor længe.
    .changes-title = Ændringer i denne politik
    .changes = Vi offentliggør hver ny version af denne politik på denne side. Dette er version { $version }, offentliggjort { $published }.

who-we-are = Hvem vi er
    .about = { $company } bestemmer, hvordan de personoplysninger, der er beskrevet her, bruges, og står til ansvar for det.

what-we-collect = Hvad vi indsamler
    .intro = Vi gemmer kun det, vi har brug for til at svare dig:
    .data-contact = dit navn og din e-mailadresse,
    .data-messages = det, du skriver til os,
    .data-usage = og hvornår du skrev det.
    .retention = Vi sletter disse oplysninger { $retention-months ->
        [one] en måned
       *[other] { $retention-months } måneder
    } efter vores sidste kontakt med dig.

your-rights = Dine rettigheder
    .ask = Du kan bede om at se, rette eller slette det, vi har om dig. Skriv til [{ $email }](mailto:{ $email }), så svarer vi inden for en måned.

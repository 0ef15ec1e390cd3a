### {title}: referenceteksten. Én besked pr. afsnit i politikkens kilde;
### værdien er overskriften, hver blok en attribut.

policy = {title}
    .intro = Én sætning om, hvad denne politik er til.

scope = Omfang
    .text = Hvem og hvad denne politik gælder for, og fra hvornår.

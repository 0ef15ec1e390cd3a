### {title}: referanseteksten. Én melding per avsnitt i policyens kilde;
### verdien er overskriften, hver blokk et attributt.

policy = {title}
    .intro = Én setning om hva denne policyen er til.

scope = Omfang
    .text = Hvem og hva denne policyen gjelder for, og fra når.

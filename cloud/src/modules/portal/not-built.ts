/** The page served at / when the portal has not been built: says so in French, with the command that builds it. */
export const notBuiltPage = `<!doctype html>
<html lang="fr">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>ISMAIL — portail non construit</title>
  </head>
  <body>
    <h1>Le portail client n'est pas construit</h1>
    <p>Ce serveur ISMAIL ne trouve pas les fichiers du portail. L'API reste disponible sous <code>/v1</code>.</p>
    <p>Pour le construire : <code>npm run build -w renderer</code>, ou indiquez son dossier avec <code>PORTAL_DIR</code>.</p>
  </body>
</html>
`;
